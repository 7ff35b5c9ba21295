# log-reason.sh, sourced by replan.sh and sweep-run-line.sh.
# j3o_log_reason LOG: the most telling line of the last command's output in LOG (after its last
# "+ " line): the program's own "j3o...: " message, past bin/j3o's banner ("j3o: FILE: N edges, ...
# on P ranks") and its notes, which come first and say nothing of a failure; else a PETSc error
# message; else the last line that is not an mpirun banner rule. At most 300 characters.
j3o_log_reason() {
  awk '/^\+ /{n=0; next} {buf[++n]=$0} END{
    for(i=1;i<=n;i++) if (buf[i] ~ /^j3o[a-z-]*: / && buf[i] !~ /^j3o: note: / && buf[i] !~ /^j3o: .*: [0-9]+ edges, .* on [0-9]+ ranks?$/) { print buf[i]; exit }
    for(i=1;i<=n;i++) if (buf[i] ~ /PETSC ERROR: / && buf[i] !~ /PETSC ERROR: -+|See https|PETSC ERROR: #|Petsc Release|Configure options|on a .* named/) { print buf[i]; exit }
    for(i=n;i>=1;i--) if (buf[i] !~ /^[-[:space:]]*$/ && buf[i] !~ /^# /) { print buf[i]; exit } }' "$1" | cut -c1-300
}
