/* j3o-gen: writes a seeded instance of a family (paper, paper-batch, scale) to an HDF5 file. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "j3o/gen.h"
#include "j3o/io.h"
#include "j3o/options.h"

/* The options j3o-gen reads, for the value and unknown-option checks. */
static const J3oOptSpec Specs[] = {
  {"-o", J3O_OPT_STRING, "an instance file"},
  {"-family", J3O_OPT_STRING, "paper, paper-batch or scale"},
  {"-seed", J3O_OPT_STRING, "an unsigned integer"},
  {"-edges", J3O_OPT_INT, "a positive integer"},
  {"-clients_per_edge", J3O_OPT_INT, "a positive integer"},
  {"-tasks", J3O_OPT_INT, "a positive integer"},
  {"-models", J3O_OPT_INT, "a positive integer"},
  {"-batching", J3O_OPT_INT, "0 or 1"},
};

static char help[] = "j3o-gen: generates a j3o instance from published model/device figures.\n"
                     "Usage: j3o-gen -o FILE.h5 -family paper|paper-batch|scale -seed S\n"
                     "               [-edges E -clients_per_edge N -tasks T -models M -batching 0|1]\n"
                     "Defaults: paper: 2-6 edges, 5-20 clients each, 3-5 tasks, 8-24 models, batching off;\n"
                     "paper-batch: the same draws plus 3-4 duty cycles; scale: 1000 x 100 clients, 5 tasks, 20 models, "
                     "batching on.\n\n";

static const char usage[] = "usage: j3o-gen -o FILE.h5 -family paper|paper-batch|scale -seed S (-help for all options)";

/* Prints "j3o-gen: reason" and the usage hint; the caller exits nonzero. */
static int Fail(const char *reason)
{
  fprintf(stderr, "j3o-gen: %s\n%s\n", reason, usage);
  return 1;
}

static PetscErrorCode GetOptions(J3oGenOptions *g, char *out, size_t outlen, char *seed, size_t seedlen,
                                 PetscBool *has_out)
{
  PetscInt edges = -1, cpe = -1, tasks = -1, models = -1, batching = -1;

  PetscFunctionBegin;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "j3o-gen options", NULL);
  PetscCall(PetscOptionsString("-o", "output instance file (HDF5)", NULL, out, out, outlen, has_out));
  PetscCall(
    PetscOptionsString("-family", "paper, paper-batch or scale", NULL, g->family, g->family, sizeof(g->family), NULL));
  PetscCall(PetscOptionsString("-seed", "seed (unsigned integer)", NULL, seed, seed, seedlen, NULL));
  PetscCall(PetscOptionsInt("-edges", "number of edges (default: family)", NULL, edges, &edges, NULL));
  PetscCall(PetscOptionsInt("-clients_per_edge", "clients per edge (default: family)", NULL, cpe, &cpe, NULL));
  PetscCall(PetscOptionsInt("-tasks", "number of tasks, 1-6 (default: family)", NULL, tasks, &tasks, NULL));
  PetscCall(PetscOptionsInt("-models", "number of models (default: family)", NULL, models, &models, NULL));
  PetscCall(PetscOptionsInt("-batching", "1 on, 0 off (default: family)", NULL, batching, &batching, NULL));
  PetscOptionsEnd();
  g->edges            = (int)edges;
  g->clients_per_edge = (int)cpe;
  g->tasks            = (int)tasks;
  g->models           = (int)models;
  g->batching         = (int)batching;
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  J3oGenOptions  g;
  J3oInstance    inst;
  char           out[PETSC_MAX_PATH_LEN] = "", seed[64] = "1", msg[512];
  PetscBool      has_out = PETSC_FALSE, help_asked = PETSC_FALSE;
  PetscErrorCode ierr;
  int            rc = 0;

  if (PetscInitialize(&argc, &argv, NULL, help)) return 1;
  memset(&g, 0, sizeof(g));
  memset(&inst, 0, sizeof(inst));
  PetscCall(PetscStrncpy(g.family, "paper", sizeof(g.family)));
  PetscCall(J3oArgsCheck(msg, sizeof(msg)));
  if (msg[0]) {
    rc = Fail(msg);
    goto done;
  }
  PetscCall(J3oOptionsBadValue(Specs, (int)PETSC_STATIC_ARRAY_LENGTH(Specs), msg, sizeof(msg)));
  if (msg[0]) {
    rc = Fail(msg);
    goto done;
  }
  PetscCall(GetOptions(&g, out, sizeof(out), seed, sizeof(seed), &has_out));
  PetscCall(J3oOptionsUnknown(Specs, (int)PETSC_STATIC_ARRAY_LENGTH(Specs), msg, sizeof(msg)));
  if (msg[0]) {
    rc = Fail(msg);
    goto done;
  }
  PetscCall(PetscOptionsHasHelp(NULL, &help_asked));
  if (help_asked) goto done;

  char *end = NULL;
  g.seed    = strtoul(seed, &end, 10);
  if (!isdigit((unsigned char)seed[0]) || *end) {
    rc = Fail("-seed: expected an unsigned integer");
    goto done;
  }
  if (!has_out || !out[0]) {
    rc = Fail("missing -o FILE.h5");
    goto done;
  }
  if (strcmp(g.family, "paper") && strcmp(g.family, "paper-batch") && strcmp(g.family, "scale")) {
    PetscCall(PetscSNPrintf(msg, sizeof(msg), "-family: unknown family \"%s\" (paper, paper-batch, scale)", g.family));
    rc = Fail(msg);
    goto done;
  }
  if (g.batching < -1 || g.batching > 1) {
    rc = Fail("-batching: expected 0 or 1");
    goto done;
  }
  if ((g.edges == 0 || g.edges < -1) || (g.clients_per_edge == 0 || g.clients_per_edge < -1) ||
      (g.tasks == 0 || g.tasks < -1) || (g.models == 0 || g.models < -1)) {
    rc = Fail("-edges, -clients_per_edge, -tasks, -models must be positive");
    goto done;
  }

  /* Generation and writing report their own reason; print it as one line, not a traceback. */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = J3oGenerate(&g, &inst);
  if (!ierr) ierr = J3oInstanceWrite(out, &inst);
  PetscCall(PetscPopErrorHandler());
  if (ierr) {
    char *specific = NULL;
    PetscErrorMessage(ierr, NULL, &specific);
    const char *why = specific && specific[0] ? specific : "generation failed";
    if (!strncmp(why, "j3o: ", 5)) why += 5; /* the writer's "j3o: FILE: RULE" reads as "j3o-gen: FILE: RULE" */
    PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s", why));
    rc = Fail(msg);
    goto done;
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "j3o-gen: wrote %s (%s): %d edges, %" PetscInt64_FMT
                        " clients, %d tasks, %d models, %d duty cycles\n",
                        out, inst.name, inst.E, inst.N, inst.T, inst.M, inst.K));

done:
  PetscCall(J3oInstanceFree(&inst));
  if (PetscFinalize()) return 1;
  return rc;
}
