#!/usr/bin/env bash
# j3o-check CLI: exit 0 on a valid result (built and scored by Python, independently of the C code),
# 1 with one line per violation, 2 on unreadable files and bad usage.
set -u
cd "$(dirname "$0")/../.."
CHECK=${J3O_CHECK:-bin/j3o-check}
GEN=${J3O_GEN:-bin/j3o-gen}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$GEN" -o "$tmp/inst.h5" -family paper-batch -seed 11 >/dev/null || fail "j3o-gen"

# mk.py OUT MODE: a result with every cloud-admissible (client, task) sending 1e-4 of its queries
# to c(t), stated accuracy and served fraction computed here; MODE breaks one thing.
cat >"$tmp/mk.py" <<'EOF'
import sys, hashlib, h5py, numpy as np
inst, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
f = h5py.File(inst, "r")
d = f["tasks/input_mb"][()]; D = f["tasks/deadline_s"][()]; w = f["tasks/weight"][()]
a = f["models/accuracy"][()]; cloud = f["models/cloud"][()]
lam = f["clients/demand"][()]; edge = f["clients/edge"][()]; r = f["clients/uplink_mb_s"][()]
delta = f["edges/cloud_latency_s"][()]; C = f["params/duty_cycles_s"][()] if "params/duty_cycles_s" in f else []
N, T = lam.shape; M = a.shape[0]; E = delta.shape[0]
ct = []
for t in range(T):
    best = -1
    for m in range(M):
        if cloud[m] and a[m, t] > 0 and (best < 0 or a[m, t] > a[best, t]): best = m
    ct.append(best)
rows = []
for n in range(N):
    for t in range(T):
        if lam[n, t] > 0 and ct[t] >= 0 and r[n] > 0 and d[t] / r[n] + delta[edge[n]] <= D[t]:
            rows.append((n, t, 2, ct[t], 1e-4))
assert rows, "instance has no cloud-admissible pair"
if mode == "latency":
    # a cloud row whose worst-case latency misses the deadline (rule 11); the summary stays consistent
    late = [(n, t) for n in range(N) for t in range(T) if lam[n, t] > 0 and ct[t] >= 0 and r[n] > 0 and d[t] / r[n] + delta[edge[n]] > D[t]]
    assert late, "instance has no cloud pair that misses its deadline"
    rows.append((late[0][0], late[0][1], 2, ct[late[0][1]], 1e-4))
W = (w[None, :] * lam).sum()
acc = sum(w[t] * lam[n, t] * a[m, t] * x for n, t, _, m, x in rows) / W
srv = sum(w[t] * lam[n, t] * x for n, t, _, m, x in rows) / W
if mode == "wrongmodel": rows[0] = (rows[0][0], rows[0][1], 2, (ct[rows[0][1]] + 1) % M, 1e-4)
if mode == "local": rows.append((rows[0][0], rows[0][1], 0, ct[rows[0][1]], 1e-4))
if mode == "accuracy": acc += 0.01
g = h5py.File(out, "w")
s = lambda x: np.bytes_(x)
g.attrs["format"] = s("j3o-result"); g.attrs["version"] = np.int32(1); g.attrs["instance"] = s(inst)
g.attrs["instance_sha256"] = s(hashlib.sha256(open(inst, "rb").read()).hexdigest())
g.attrs["method"] = s("python"); g.attrs["ranks"] = np.int32(1); g.attrs["git"] = s("test")
sm = g.create_group("summary")
for k, v in (("accuracy", acc), ("served_fraction", srv), ("upper_bound", 1.0), ("gap", 1.0 - acc), ("wall_s", 0.0)): sm.attrs[k] = np.float64(v)
sm.attrs["status"] = s("feasible")
g["onload/client"] = np.zeros((N, M), np.uint8); g["onload/edge"] = np.zeros((E, M), np.uint8)
g["onload/duty_cycle_s"] = np.full(E, C[0] if len(C) else 0.0)
cols = list(zip(*rows))
for name, k, dt in (("client", 0, np.int64), ("task", 1, np.int32), ("route", 2, np.int8), ("model", 3, np.int32), ("fraction", 4, np.float64)):
    g["offload/" + name] = np.array(cols[k], dt)
if mode == "short": del g["offload/task"]; g["offload/task"] = np.zeros(1, np.int32)
EOF

$PY "$tmp/mk.py" "$tmp/inst.h5" "$tmp/ok.h5" ok || fail "mk.py ok"
out=$("$CHECK" "$tmp/inst.h5" "$tmp/ok.h5"); rc=$?
[ $rc -eq 0 ] || fail "valid result: exit $rc: $out"
echo "$out" | grep -q "^j3o-check: $tmp/ok.h5 valid (accuracy" || fail "valid message: $out"

for mode in wrongmodel local accuracy latency; do
  $PY "$tmp/mk.py" "$tmp/inst.h5" "$tmp/$mode.h5" $mode || fail "mk.py $mode"
  out=$("$CHECK" "$tmp/inst.h5" "$tmp/$mode.h5"); rc=$?
  [ $rc -eq 1 ] || fail "$mode: exit $rc, expected 1: $out"
  case $mode in
    wrongmodel) pat="^constraint 2 (residency): client [0-9]* task [0-9]* cloud model" ;;
    local) pat="^constraint 2 (residency): client [0-9]* task [0-9]* local model [0-9]*: lhs 0.0001 > rhs 0 (x = 0)" ;;
    accuracy) pat="^summary (accuracy): stated" ;;
    latency) pat="^constraint 11 (latency): client [0-9]* task [0-9]* cloud model [0-9]*: lhs [0-9.e+-]* > rhs" ;;
  esac
  echo "$out" | grep -q "$pat" || fail "$mode: no line matching '$pat' in: $out"
done

# unreadable / invalid files and usage: exit 2 with one line
$PY "$tmp/mk.py" "$tmp/inst.h5" "$tmp/short.h5" short || fail "mk.py short"
err=$("$CHECK" "$tmp/inst.h5" "$tmp/short.h5" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || fail "short: exit $rc"
[ "$err" = "j3o: $tmp/short.h5: /offload/task: must have shape [R] (the length of /offload/fraction) = [$($PY -c "import h5py;print(h5py.File('$tmp/short.h5')['offload/fraction'].shape[0])")], found [1]" ] || fail "short message: $err"
err=$("$CHECK" "$tmp/inst.h5" "$tmp/missing.h5" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [ "$(echo "$err" | wc -l)" -eq 1 ] || fail "missing: exit $rc: $err"
err=$("$CHECK" "$tmp/ok.h5" "$tmp/ok.h5" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || fail "result as instance: exit $rc: $err"
"$CHECK" "$tmp/inst.h5" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "usage: exit $rc"
# a third file (a previous plan without -previous): one line naming it, not the usage text
err=$("$CHECK" "$tmp/inst.h5" "$tmp/ok.h5" "$tmp/ok.h5" 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$err" = "j3o-check: unexpected argument '$tmp/ok.h5' (usage: j3o-check INSTANCE.h5 RESULT.h5 [-previous PREV.h5])" ] || fail "a third file: exit $rc: $err"
# a result of another instance, of other sizes too: one line naming /@instance_sha256 (not a shape)
"$GEN" -o "$tmp/other.h5" -family scale -edges 2 -clients_per_edge 3 -seed 1 >/dev/null || fail "j3o-gen other"
err=$("$CHECK" "$tmp/other.h5" "$tmp/ok.h5" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [ "$(echo "$err" | wc -l)" -eq 1 ] && echo "$err" | grep -q "^j3o: $tmp/ok.h5: /@instance_sha256: [0-9a-f]*, but $tmp/other.h5 has SHA-256 [0-9a-f]*: the result belongs to another instance$" || fail "other instance: exit $rc: $err"
# -previous twice with different values is refused (not the last kept silently)
err=$("$CHECK" "$tmp/inst.h5" "$tmp/ok.h5" -previous "$tmp/ok.h5" -previous "$tmp/short.h5" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [ "$err" = "j3o-check: option -previous given twice with different values ('$tmp/ok.h5', '$tmp/short.h5'): give it once" ] || fail "-previous twice: exit $rc: $err"
# -help: the usage on stdout, exit 0, nothing on stderr
out=$("$CHECK" -help 2>"$tmp/help.err"); rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/help.err" ] && echo "$out" | grep -q "^Usage: j3o-check INSTANCE.h5 RESULT.h5" || { cat "$tmp/help.err"; fail "-help: exit $rc"; }

echo "test_check_cli: ok"
