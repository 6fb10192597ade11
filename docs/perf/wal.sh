#!/bin/bash
# wal.sh: WAL and row changes over 200 signed-in page views, against the same time idle.
cd "$(dirname "$0")"  # staff.sid, del.sid and token.txt (see signin.sh) are read from here
STAFF=$(cat staff.sid); DEL=$(cat del.sid); TOKEN=$(cat token.txt)
q() { psql -h 127.0.0.1 -U postgres -d mp_issue8 -tAc "$1"; }
stats="select tup_inserted+tup_updated+tup_deleted from pg_stat_database where datname='mp_issue8'"
lsn0=$(q "select pg_current_wal_lsn()"); t0=$(q "$stats"); s0=$(date +%s.%N)
for i in $(seq 1 25); do
  for p in /missions /missions/1 /missions/1/registrations /missions/1/meetings /missions/1/registrations/1/itinerary /missions/1/locations /contacts; do
    curl -s -o /dev/null -H "Cookie: sid=$STAFF" "localhost:18092$p"
  done
  curl -s -o /dev/null -H "Cookie: sid=$DEL" localhost:18092/my/itinerary
done
s1=$(date +%s.%N); sleep 3; lsn1=$(q "select pg_current_wal_lsn()"); t1=$(q "$stats")
el=$(echo "$s1 - $s0" | bc)
echo "200 views in ${el}s: WAL moved $(q "select pg_wal_lsn_diff('$lsn1','$lsn0')") bytes (cluster-wide); rows inserted+updated+deleted in mp_issue8: $((t1 - t0))"
lsn2=$(q "select pg_current_wal_lsn()"); t2=$(q "$stats"); sleep $(printf "%.0f" $el); sleep 3; lsn3=$(q "select pg_current_wal_lsn()"); t3=$(q "$stats")
echo "the same time idle: WAL moved $(q "select pg_wal_lsn_diff('$lsn3','$lsn2')") bytes (cluster-wide); rows changed in mp_issue8: $((t3 - t2))"
