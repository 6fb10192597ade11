#!/bin/bash
# wrk-under-writes.sh LABEL [PER_SECOND] → wrk-pages.sh while someone creates meeting requests through the
# API (PER_SECOND a second, default 1): every write moves the data revision, so every kept page is
# rendered again after it. Pages answered from memory only while nothing changes would show here.
cd "$(dirname "$0")"
TOKEN=$(cat token.txt); RATE=${2:-1}
writer() {
  local i=0
  while :; do
    i=$((i + 1))
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
      -d "{\"registration_id\": $(( (i * 7) % 300 + 1 )), \"contact_id\": $(( (i * 13) % 1500 + 1 )), \"status\": \"requested\", \"notes\": \"under-writes\"}" \
      "http://127.0.0.1:${APP_PORT:-18092}/api/v1/missions/1/meetings"
    sleep "$(echo "scale=3; 1/$RATE" | bc)"
  done
}
writer & wpid=$!
trap 'kill $wpid 2>/dev/null' EXIT
bash ./wrk-pages.sh "$1 (a meeting request created ${RATE}× a second)"
