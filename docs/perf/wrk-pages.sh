#!/bin/bash
# wrk-pages.sh LABEL → for each page: the bare reference, the database reference, then the page (wrk -t2 -c32 -d5s)
# APP_PORT (default 18092) names the app server: run a second one with PAGE_CACHE=off to measure rendering.
cd "$(dirname "$0")"  # staff.sid, del.sid and token.txt (see signin.sh) are read from here
STAFF=$(cat staff.sid); DEL=$(cat del.sid); TOKEN=$(cat token.txt)
D=${DUR:-5s}
one() { # name, wrk args...
  local name=$1; shift
  local out; out=$(wrk -t2 -c32 -d$D --latency "$@" 2>&1)
  local rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  local p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  local p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  local err=$(echo "$out" | grep -E "Non-2xx|Socket errors" | tr '\n' ' ')
  echo "$name rps=$rps p50=$p50 p99=$p99 $err"
}
page() { # name, path, header
  local b d p
  # One view first, as a person opening the page would: the page is measured warm (kept, and the mission
  # page's breach count made); what a cold view costs is in docs/performance.md.
  curl -s -o /dev/null -H "$3" "http://127.0.0.1:${APP_PORT:-18092}$2"
  b=$(one bare http://127.0.0.1:18090/page); d=$(one db http://127.0.0.1:18091/db); p=$(one "$1" -H "$3" "http://127.0.0.1:${APP_PORT:-18092}$2")
  local br=$(echo $b | sed 's/.*rps=\([0-9.]*\).*/\1/') dr=$(echo $d | sed 's/.*rps=\([0-9.]*\).*/\1/') pr=$(echo $p | sed 's/.*rps=\([0-9.]*\).*/\1/')
  echo "$p | $b | $d | ratio_db=$(echo "scale=1; 100*$pr/$dr" | bc)% ratio_bare=$(echo "scale=2; 100*$pr/$br" | bc)%"
}
echo "== $1 $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
for p in ${PAGES:-missions mission itinerary my registrations meetings api}; do
case $p in
missions) page /missions /missions "Cookie: sid=$STAFF";;
mission) page /missions/1 /missions/1 "Cookie: sid=$STAFF";;
itinerary) page staff-itinerary /missions/1/registrations/1/itinerary "Cookie: sid=$STAFF";;
my) page /my/itinerary /my/itinerary "Cookie: sid=$DEL";;
registrations) page registrations /missions/1/registrations "Cookie: sid=$STAFF";;
meetings) page meetings /missions/1/meetings "Cookie: sid=$STAFF";;
api) page api-itinerary /api/v1/registrations/1/itinerary "Authorization: Bearer $TOKEN";;
esac
done
echo "== end $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
