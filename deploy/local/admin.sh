# The admin login that ./mcps up prints, proven by a real login through the gateway first. identity-service creates
# the admin with MCPS_ADMIN_PASSWORD only when there is none, so the password at hand (the variable, else
# data/secrets/admin-password) is not necessarily the admin's: an earlier start may have had another, or the admin
# changed it since. Sourced by ./mcps; expects lib.sh and services.sh.

ADMIN_USER="${MCPS_ADMIN_USERNAME:-admin}"
# A password the admin account refused is not tried again for this long: every refusal counts against logins from
# this address (identity's login throttling forgets failures after MCPS_LOGIN_FAILURE_WINDOW, 1 h), and a local
# admin logs in from the same address as ./mcps. One refusal per window never reaches the free attempts (5).
ADMIN_RECHECK_MINUTES="${MCPS_ADMIN_RECHECK_MINUTES:-60}"

admin_secrets() { echo "$RUN_DIR/secrets"; }

# Where the password at hand comes from, in words for the output.
admin_password_source() {
  if [ -n "${MCPS_ADMIN_PASSWORD_GIVEN:-}" ]; then echo "MCPS_ADMIN_PASSWORD"; else echo "${RUN_DIR#$ROOT/}/secrets/admin-password"; fi
}

# Records where the password that created the admin came from, when identity-service just created it (its log says
# so): the reason to print when a later start has another password at hand.
admin_note_creation() {
  local inst
  for inst in ${STARTED:-}; do
    case "$inst" in identity|identity-[0-9]*) ;; *) continue ;; esac
    if grep -q "Created the admin account" "$LOGS/$inst.log" 2>/dev/null; then
      mkdir -p "$(admin_secrets)"
      admin_password_source > "$(admin_secrets)/admin-password.origin"
    fi
  done
  return 0
}

# A salted digest of a password, so a refusal can be remembered without writing the password down.
admin_digest() {
  printf '%s:%s' "$1" "$2" | sha256sum | cut -d' ' -f1
}

# 0 when this very password was refused less than ADMIN_RECHECK_MINUTES ago.
admin_recently_refused() {
  local f salt digest
  f="$(admin_secrets)/admin-password.refused"
  [ -f "$f" ] && [ -n "$(find "$f" -mmin -"$ADMIN_RECHECK_MINUTES" 2>/dev/null)" ] || return 1
  read -r salt digest < "$f" || return 1
  [ "$(admin_digest "$salt" "$1")" = "$digest" ]
}

admin_remember_refusal() {
  local salt
  salt=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
  mkdir -p "$(admin_secrets)"
  (umask 077; printf '%s %s\n' "$salt" "$(admin_digest "$salt" "$1")" > "$(admin_secrets)/admin-password.refused")
}

json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# POST /api/v1/auth/login through the gateway; prints the HTTP status. The password goes through stdin, never on a
# command line, and the session it opens is closed again (logout), so checking leaves no live token behind.
admin_try_login() {
  local url="http://127.0.0.1:$(port_of gateway)/api/v1/auth" body code token
  body=$(printf '{"username":%s,"password":%s}' "$(json_string "$ADMIN_USER")" "$(json_string "$1")" \
    | curl -s --max-time 60 -w '\n%{http_code}' -H 'Content-Type: application/json' --data-binary @- "$url/login")
  code=${body##*$'\n'}
  if [ "$code" = 200 ]; then
    token=$(sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' <<<"${body%$'\n'*}")
    [ -n "$token" ] && printf 'Authorization: Bearer %s\n' "$token" \
      | curl -s -o /dev/null --max-time 10 -X POST -H @- "$url/logout" || true
  fi
  echo "$code"
}

# The lines about the admin login at the end of ./mcps up: the password only when it logged in just now.
admin_login_report() {
  local password source origin code
  password=$(secret MCPS_ADMIN_PASSWORD admin-password)
  source=$(admin_password_source)
  if admin_recently_refused "$password"; then
    code=401
  else
    code=$(admin_try_login "$password")
    case "$code" in
      200) rm -f "$(admin_secrets)/admin-password.refused" ;;
      401) admin_remember_refusal "$password" ;;
    esac
  fi
  case "$code" in
    200)
      say "  admin login     $ADMIN_USER / $password"
      say "                  (checked by logging in; from $source)"
      ;;
    401)
      origin=$(cat "$(admin_secrets)/admin-password.origin" 2>/dev/null || true)
      say "  admin login     $ADMIN_USER / the password set earlier (the one in $source does not log in)"
      if [ -z "$origin" ]; then
        say "                  the admin was created with another one (MCPS_ADMIN_PASSWORD on an earlier start?) or changed it"
      elif [ "$origin" != "$source" ]; then
        say "                  the admin was created with the password from $origin on an earlier ./mcps up"
      else
        say "                  the admin changed its password after it was created with this one"
      fi
      say "                  forgotten? another admin resets it: POST /api/v1/users/{id}/reset-password"
      ;;
    429)
      say "  admin login     $ADMIN_USER / not checked: identity holds back logins from this address for now (429)"
      say "                  the password at hand is in $source"
      ;;
    *)
      say "  admin login     $ADMIN_USER / not checked: the login through the gateway answered ${code:-nothing}"
      say "                  the password at hand is in $source"
      ;;
  esac
}
