#!/bin/sh
# signin.sh EMAIL PASSWORD → prints the sid cookie value
jar=$(mktemp)
tok=$(curl -s -c $jar -b $jar localhost:18092/login | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p')
curl -s -c $jar -b $jar -o /dev/null --data-urlencode "_csrf=$tok" --data-urlencode "email=$1" --data-urlencode "password=$2" localhost:18092/login
awk '$6=="sid"{print $7}' $jar
rm -f $jar
