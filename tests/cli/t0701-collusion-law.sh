#!/usr/bin/env bash
# --collusion 3 issues copies with the discrete bias law of Nuida et al. (recorded in the
# params as "law":"discrete", the cutoff 0), and each copy still names its recipient; a
# --cutoff asks for the arcsine law (no "law" key); --collusion 1 records no law either, so
# copies issued before the law existed keep their params.
. "$(dirname "$0")/lib.sh"
src=/usr/share/common-licenses/GPL-3
[ -r "$src" ] || fail "missing $src (base-files)"
cp "$src" gpl.txt
run 0 tt init
run 0 tt add gpl.txt --json
doc=$(json_field doc)
for i in 1 2 3 4; do run 0 tt recipients add "R$i"; done
run 0 tt issue "$doc" --to R1 --to R2 --out c3 --collusion 3 --channels lexical,unicode
run 0 tt issue "$doc" --to R3 --out arc --collusion 3 --cutoff 0.002 --channels lexical,unicode
run 0 tt issue "$doc" --to R4 --out c1 --channels lexical,unicode
params() { sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT c.params FROM copies c JOIN recipients r ON r.id = c.recipient WHERE r.name = '$1'"; }
case "$(params R1)" in *'"collusion":3'*'"law":"discrete"'*) ;; *) fail "R1's params: $(params R1)" ;; esac
case "$(params R1)" in *'"cutoff":0.0'*) ;; *) fail "R1's cutoff: $(params R1)" ;; esac
case "$(params R3)" in *'"law"'*) fail "a --cutoff copy has a law: $(params R3)" ;; esac
case "$(params R3)" in *'"cutoff":0.002'*) ;; *) fail "R3's params: $(params R3)" ;; esac
case "$(params R4)" in *'"law"'*) fail "a collusion 1 copy has a law: $(params R4)" ;; esac

accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }
for r in R1 R2; do
    run 1 tt trace "c3/$doc-$(echo "$r" | tr 'A-Z' 'a-z').txt" --doc "$doc" --json
    [ "$(accused)" = "$r" ] || { cat "$WORK/out"; fail "$r's copy accused '$(accused)'"; }
done
run 1 tt trace "arc/$doc-r3.txt" --doc "$doc" --json
[ "$(accused)" = "R3" ] || { cat "$WORK/out"; fail "R3's copy accused '$(accused)'"; }
echo ok
