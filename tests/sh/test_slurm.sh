#!/usr/bin/env bash
# Brings up a one-node SLURM cluster on localhost, runs sweeps/smoke.txt plus two lines on an imported
# instance (instance=, scale=) as a job array, checks every result.
# Needs root and slurm-wlm + munge; fails (with the daemons' logs) if the cluster cannot start.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export J3O_BIN=${J3O_BIN:-$root/bin}
for b in j3o-gen j3o j3o-check j3o-import j3o-derive; do
  [ -x "$J3O_BIN/$b" ] || { echo "test_slurm: $J3O_BIN/$b missing (make all)"; exit 1; }
done

tmp=$(mktemp -d /tmp/j3o-slurm.XXXXXX)
cleanup() {
  scripts/slurm-cluster.sh down "$tmp/cluster" || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

scripts/slurm-cluster.sh up "$tmp/cluster"
export SLURM_CONF=$tmp/cluster/slurm.conf
export J3O_RESULTS=$tmp/results

# the smoke sweep plus runs on the campus deployment, as imported and with scaled numbers
sweep=$tmp/smoke.txt
"$J3O_BIN/j3o-import" examples/campus -o "$tmp/campus.h5" -q || { echo "test_slurm: import of examples/campus failed"; exit 1; }
{ cat sweeps/smoke.txt
  echo 'name=smoke-campus      instance=campus.h5 method=j3o    ranks=2'
  echo 'name=smoke-campus-half instance=campus.h5 method=greedy ranks=1 scale=/edges/backhaul_mb_s:0.5 scale=/cloud@gflops:0.5'
} > "$sweep"
n=$(scripts/sweep-run-line.sh --count "$sweep")
[ "$n" -ge 2 ] || { echo "test_slurm: $sweep has $n run lines"; exit 1; }

# the array's tasks are listed by squeue until each has ended (polled here: `sbatch --wait` sleeps 2,
# 8, then 32 s between its checks, most of this test's time); the completion log then says how each ended
slurm_fail() {
  echo "test_slurm: $*"
  cat "$tmp"/slurm-*.out 2>/dev/null || true
  cat "$J3O_RESULTS/smoke/failures.log" 2>/dev/null || true
  cat "$J3O_RESULTS"/smoke/logs/*.log 2>/dev/null || true
  scripts/slurm-cluster.sh logs "$tmp/cluster"
  exit 1
}
jobid=$(sbatch --parsable --array="1-$n" --ntasks=2 --time=00:05:00 --output="$tmp/slurm-%A_%a.out" \
          scripts/sweep.sbatch "$sweep") || slurm_fail "sbatch failed: $jobid"
jobid=${jobid%%;*}
# squeue lists nothing once every task has ended, and "Invalid job id" once the controller has
# forgotten the array; any other failure is the test's, not the end of the array
left=unknown
for _ in $(seq 600); do
  if ! left=$(squeue -h -j "$jobid" 2>&1); then
    case $left in
      *"Invalid job id"*) left= ;;
      *) slurm_fail "squeue -j $jobid failed: $left" ;;
    esac
  fi
  [ -z "$left" ] && break
  sleep 0.25
done
[ -z "$left" ] || slurm_fail "job array $jobid still queued or running after 150 s"
for _ in $(seq 40); do
  [ "$(grep -c "JobState=" "$tmp/cluster/jobcomp.txt" 2>/dev/null || true)" -ge "$n" ] && break
  sleep 0.25
done
echo "test_slurm: job array $jobid finished"

# the job completion log shows every array task COMPLETED
completed=$(grep -c "JobState=COMPLETED" "$tmp/cluster/jobcomp.txt" || true)
[ "$completed" -eq "$n" ] || { echo "test_slurm: $completed of $n array tasks COMPLETED"; cat "$tmp/cluster/jobcomp.txt"; exit 1; }

fails=0
while IFS= read -r line; do
  name=$(sed -n 's/.*name=\([^[:space:]]*\).*/\1/p' <<< "$line")
  r=$J3O_RESULTS/smoke/$name.h5
  inst=$(/usr/bin/python3 -c 'import h5py,sys; a=h5py.File(sys.argv[1],"r").attrs["instance"]; print(a.decode() if isinstance(a,bytes) else a)' "$r" 2>/dev/null || true)
  if [ -f "$r" ] && [ -n "$inst" ] && "$J3O_BIN/j3o-check" "$inst" "$r" >/dev/null; then
    echo "test_slurm: $name ok"
  else
    echo "test_slurm: $name: no valid result"; fails=1
  fi
done < <(sed -e 's/#.*//' "$sweep" | grep -v '^[[:space:]]*$')
[ ! -s "$J3O_RESULTS/smoke/failures.log" ] || { echo "test_slurm: failures.log:"; cat "$J3O_RESULTS/smoke/failures.log"; fails=1; }
# the 2-rank line ran under srun inside the allocation, as one 2-rank MPI job (not 2 singletons)
grep -q '^+ srun --mpi=pmix -n 2' "$J3O_RESULTS/smoke/logs/smoke-j3o.log" || { echo "test_slurm: smoke-j3o did not use srun"; cat "$J3O_RESULTS/smoke/logs/smoke-j3o.log"; fails=1; }
ranks=$(/usr/bin/python3 -c 'import h5py,sys; print(int(h5py.File(sys.argv[1],"r").attrs["ranks"]))' "$J3O_RESULTS/smoke/smoke-j3o.h5" 2>/dev/null || echo none)
[ "$ranks" = 2 ] || { echo "test_slurm: smoke-j3o.h5 records ranks=$ranks, want 2"; fails=1; }
# the scaled line solved a derived instance of the campus that records its base and factors
/usr/bin/python3 - "$J3O_RESULTS/smoke" "$tmp/campus.h5" <<'PY' || { echo "test_slurm: derived campus instance"; fails=1; }
import sys
sys.path.insert(0, "python")
import j3o
out, base = sys.argv[1:]
r = j3o.read_result(out + "/smoke-campus-half.h5")
p = j3o.provenance(r.instance)
assert p["base_sha256"] == j3o.sha256(base) == j3o.read_result(out + "/smoke-campus.h5").instance_sha256, p
assert p["scales"] == [("/edges/backhaul_mb_s", 0.5), ("/cloud@gflops", 0.5)], p
a, b = j3o.read_instance(base), j3o.read_instance(r.instance)
assert (b.edge_backhaul_mb_s == 0.5 * a.edge_backhaul_mb_s).all() and b.cloud_gflops == 0.5 * a.cloud_gflops
assert b.edge_name == a.edge_name and r.method == "greedy"
PY
[ $fails -eq 0 ] && echo "test_slurm: PASS ($n array tasks)"
exit $fails
