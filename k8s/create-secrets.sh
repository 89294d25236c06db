#!/usr/bin/env bash
# Creates the Secrets CoopDispatch needs in namespace coopdispatch (once; existing Secrets are left alone):
#   coop-secrets  database passwords (superuser and one per service), ballot secret, first coordinator login
#   coop-jwt      RSA key pair that signs and verifies every token (private.pem, public.pem)
# Nothing secret is stored in the repository: the values are generated here with openssl and only sent to the cluster.
#   k8s/create-secrets.sh [coordinator-username]      (needs kubectl pointed at the cluster, and openssl)
set -euo pipefail
NS=coopdispatch
COORDINATOR="${1:-coordinator}"
kubectl get namespace "$NS" > /dev/null 2>&1 || kubectl create namespace "$NS"

if kubectl -n "$NS" get secret coop-secrets > /dev/null 2>&1; then
    echo "coop-secrets exists, kept"
else
    pw() { openssl rand -hex 24; }
    COORDINATOR_PASSWORD="$(pw)"
    kubectl -n "$NS" create secret generic coop-secrets \
        --from-literal=POSTGRES_PASSWORD="$(pw)" \
        --from-literal=MERCHANT_DB_PASSWORD="$(pw)" \
        --from-literal=DISPATCH_DB_PASSWORD="$(pw)" \
        --from-literal=RIDER_DB_PASSWORD="$(pw)" \
        --from-literal=COOP_BALLOT_SECRET="$(openssl rand -hex 32)" \
        --from-literal=COOP_COORDINATOR_USER="$COORDINATOR" \
        --from-literal=COOP_COORDINATOR_PASSWORD="$COORDINATOR_PASSWORD"
    echo "first coordinator: $COORDINATOR / $COORDINATOR_PASSWORD (shown once: keep it in the coop's password manager)"
fi

if kubectl -n "$NS" get secret coop-jwt > /dev/null 2>&1; then
    echo "coop-jwt exists, kept"
else
    dir="$(mktemp -d)"
    trap 'rm -rf "$dir"' EXIT
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem" 2> /dev/null)
    openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem" 2> /dev/null
    kubectl -n "$NS" create secret generic coop-jwt --from-file="$dir/private.pem" --from-file="$dir/public.pem"
fi
