/* gen_catalogue.c: draws an instance's tasks and model catalogue (zoo rows, variants, cloud hosting) from the zoo
 * tables. */
#include "gen/gen_private.h"

/* Zoo rows serving at least one of the chosen tasks; returns their count. */
static int Candidates(int T, const int zoo_task[], int cand[])
{
  int n = 0;
  for (int r = 0; r < J3oZooNModels; r++) {
    PetscBool serves = PETSC_FALSE;
    for (int t = 0; t < T; t++)
      if (J3oZooModels[r].acc[zoo_task[t]] > 0) serves = PETSC_TRUE;
    if (serves) cand[n++] = r;
  }
  return n;
}

int J3oGenCatalogueMax(int T, const int zoo_task[])
{
  int cand[256];
  return Candidates(T, zoo_task, cand) * J3oZooNVariants;
}

/* Entries (row, variant) are picked so that every task has an original model first, then further
   originals, then variants; finally sorted by (row, variant) so the catalogue reads like the zoo. */
PetscErrorCode J3oGenCatalogue(J3oRng *rng, const int zoo_task[], J3oInstance *in)
{
  int        T = in->T, M = in->M, cand[256], ncand, *row, *var, nsel = 0;
  PetscBool *used;

  PetscFunctionBegin;
  PetscCheck(J3oZooNModels <= 256, PETSC_COMM_SELF, PETSC_ERR_PLIB, "zoo larger than the candidate buffer");
  ncand = Candidates(T, zoo_task, cand);
  PetscCheck(M >= 1 && M <= ncand * J3oZooNVariants, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "models = %d, but the zoo has %d rows x %d variants for these tasks (max %d)", M, ncand, J3oZooNVariants,
             ncand * J3oZooNVariants);

  for (int t = 0; t < T; t++) {
    const J3oZooTask *zt = &J3oZooTasks[zoo_task[t]];
    PetscCall(PetscStrallocpy(zt->name, &in->task_name[t]));
    in->input_mb[t]   = zt->input_mb * J3oRngRange(rng, 0.8, 1.2);    /* [A] jitter */
    in->deadline_s[t] = zt->deadline_s * J3oRngRange(rng, 0.8, 1.25); /* [A] jitter */
    in->weight[t]     = J3oRngRange(rng, 0.5, 2.0);                   /* [A] task importance */
  }

  PetscCall(PetscMalloc2(M, &row, M, &var));
  PetscCall(PetscCalloc1(J3oZooNModels, &used));
  J3oRngShuffle(rng, ncand, cand);
  /* one original model per task (the first not yet used in the shuffled order), while M allows */
  for (int t = 0; t < T && nsel < M; t++) {
    PetscBool covered = PETSC_FALSE;
    for (int k = 0; k < nsel; k++)
      if (J3oZooModels[row[k]].acc[zoo_task[t]] > 0) covered = PETSC_TRUE;
    for (int k = 0; k < ncand && !covered; k++) {
      int r = cand[k];
      if (used[r] || J3oZooModels[r].acc[zoo_task[t]] <= 0) continue;
      used[r]   = PETSC_TRUE;
      row[nsel] = r;
      var[nsel] = 0;
      nsel++;
      covered = PETSC_TRUE;
    }
  }
  for (int k = 0; k < ncand && nsel < M; k++)
    if (!used[cand[k]]) {
      used[cand[k]] = PETSC_TRUE;
      row[nsel]     = cand[k];
      var[nsel]     = 0;
      nsel++;
    }
  for (int v = 1; v < J3oZooNVariants && nsel < M; v++) {
    J3oRngShuffle(rng, ncand, cand);
    for (int k = 0; k < ncand && nsel < M; k++) {
      row[nsel] = cand[k];
      var[nsel] = v;
      nsel++;
    }
  }
  /* insertion sort by (row, variant); M is small */
  for (int i = 1; i < M; i++)
    for (int j = i; j > 0 && (row[j - 1] > row[j] || (row[j - 1] == row[j] && var[j - 1] > var[j])); j--) {
      int a = row[j], b = var[j];
      row[j]     = row[j - 1];
      var[j]     = var[j - 1];
      row[j - 1] = a;
      var[j - 1] = b;
    }

  int ncloud = 0, best = -1;
  for (int m = 0; m < M; m++) {
    const J3oZooModel   *z = &J3oZooModels[row[m]];
    const J3oZooVariant *v = &J3oZooVariants[var[m]];
    char                 name[128];
    PetscCall(PetscSNPrintf(name, sizeof(name), "%s%s", z->name, v->suffix));
    PetscCall(PetscStrallocpy(name, &in->model_name[m]));
    in->memory_mb[m]       = z->weights_mb * v->weights + J3oZooWorkspaceMB;
    in->gflop_fixed[m]     = J3oZooG0Gflop;
    in->gflop_per_query[m] = z->gflop * v->gflop;
    for (int t = 0; t < T; t++) in->accuracy[(size_t)m * T + t] = PetscMin(1.0, z->acc[zoo_task[t]] * v->acc);
    /* [A] the cloud runs full-precision originals only, each hosted with probability 0.6 */
    in->cloud[m] = (unsigned char)(var[m] == 0 && J3oRngUniform(rng) < 0.6);
    ncloud += in->cloud[m];
    if (var[m] == 0 && (best < 0 || z->weights_mb > J3oZooModels[row[best]].weights_mb)) best = m;
  }
  if (!ncloud && best >= 0) in->cloud[best] = 1; /* the cloud hosts at least its largest model */
  PetscCall(PetscFree2(row, var));
  PetscCall(PetscFree(used));
  PetscFunctionReturn(0);
}
