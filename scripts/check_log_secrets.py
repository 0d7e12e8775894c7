"""Fails when a secret the emulator issued or was given (tokens, client secrets, PKCE
verifiers, webhook keys; one per line in SECRETS) appears in the Odoo log LOG of the test
run. Usage: check_log_secrets.py LOG SECRETS. Prints the offending lines with the secret
masked, never the secret itself."""

import sys


def main(log_path, secrets_path):
    with open(secrets_path, encoding="utf-8") as handle:
        secrets = {line.strip() for line in handle if len(line.strip()) >= 8}
    if not secrets:
        print("secret scan: no secret was recorded, so the scan would prove nothing")
        return 1
    leaks = 0
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            found = [secret for secret in secrets if secret in line]
            if found:
                leaks += 1
                for secret in found:
                    line = line.replace(secret, "<SECRET>")
                print("%s:%d: %s" % (log_path, number, line.rstrip()[:300]))
    print(
        "secret scan: %d secrets checked against %s: %s"
        % (len(secrets), log_path, "%d leaking line(s)" % leaks if leaks else "none found")
    )
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
