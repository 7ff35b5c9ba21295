/* test_methods.c: the method table: unique names, rows that the dispatch can run, and the lists -help and messages
 * build from it. */
#include <string.h>
#include "j3o_test.h"
#include "j3o/methods.h"
#include "j3o/solve.h"

/* The names are unique command-line words and J3oMethodFind maps each to its row. */
static void test_names(void **state)
{
  (void)state;
  assert_true(J3oMethodCount >= 1);
  assert_string_equal(J3oMethods[0].name, "j3o"); /* the default of -method */
  for (int k = 0; k < J3oMethodCount; k++) {
    const char *n = J3oMethods[k].name;
    assert_true(n && n[0] && n[0] != '-');
    assert_null(strpbrk(n, " ,|\t"));
    assert_true(J3oMethods[k].summary && J3oMethods[k].summary[0]);
    assert_null(strchr(J3oMethods[k].summary, '\n'));
    assert_int_equal(J3oMethodFind(n), k);
  }
  assert_int_equal(J3oMethodFind("exakt"), -1);
  assert_int_equal(J3oMethodFind(""), -1);
  assert_int_equal(J3oMethodFind("j3o "), -1);
}

/* Every distributed row does something the driver knows (prices, an integer solution or both);
   the J3O search takes every route; a baseline allows at least one route kind. */
static void test_rows(void **state)
{
  (void)state;
  for (int k = 0; k < J3oMethodCount; k++) {
    const J3oMethodInfo *m = &J3oMethods[k];
    assert_true(m->routes != 0 && !(m->routes & ~J3O_ROUTES_ALL));
    if (m->rank0) continue;
    assert_true(m->prices || m->primal);
    if (m->rule == J3O_ONLOAD_J3O) assert_int_equal(m->routes, J3O_ROUTES_ALL);
    assert_true(m->rule == J3O_ONLOAD_J3O || !m->prices); /* the price search needs the J3O clusters */
  }
  /* the methods the figures and tests name keep their meaning */
  const J3oMethodInfo *e = &J3oMethods[J3oMethodFind("exact")], *b = &J3oMethods[J3oMethodFind("bound")];
  const J3oMethodInfo *l = &J3oMethods[J3oMethodFind("local-only")], *c = &J3oMethods[J3oMethodFind("cloud-only")];
  assert_non_null(e->rank0);
  assert_true(b->prices && !b->primal && !b->rank0);
  assert_int_equal(l->routes, J3O_ROUTES_LOCAL);
  assert_int_equal(c->routes, J3O_ROUTES_CLOUD);
  assert_int_equal(J3oMethods[J3oMethodFind("random")].rule, J3O_ONLOAD_RANDOM);
}

/* The lists are the table's names in its order; a short buffer still reports the full length. */
static void test_lists(void **state)
{
  char buf[2048], want[2048] = "", small[8];
  int  n;

  (void)state;
  for (int k = 0; k < J3oMethodCount; k++) {
    strcat(want, k ? "|" : "");
    strcat(want, J3oMethods[k].name);
  }
  n = J3oMethodNameList("|", buf, sizeof(buf));
  assert_string_equal(buf, want);
  assert_int_equal(n, (int)strlen(want));
  assert_int_equal(J3oMethodNameList("|", small, sizeof(small)), n);
  assert_int_equal(strlen(small), sizeof(small) - 1);
  assert_memory_equal(small, want, sizeof(small) - 1);

  J3oMethodNameList(", ", buf, sizeof(buf));
  assert_string_equal(J3oMethodChoices() + strlen("one of "), buf);
  assert_memory_equal(J3oMethodChoices(), "one of ", strlen("one of "));

  /* -help: one line per method, "  NAME  WHERE ROUTES SUMMARY" */
  n = J3oMethodHelp(buf, sizeof(buf));
  assert_int_equal(n, (int)strlen(buf));
  const char *line = buf;
  for (int k = 0; k < J3oMethodCount; k++) {
    const char *end = strchr(line, '\n');
    assert_non_null(end);
    assert_memory_equal(line, "  ", 2);
    assert_memory_equal(line + 2, J3oMethods[k].name, strlen(J3oMethods[k].name));
    assert_true(line[2 + strlen(J3oMethods[k].name)] == ' ');
    assert_non_null(strstr(line, J3oMethods[k].rank0 ? "rank 0" : "distributed"));
    assert_true(strstr(line, J3oMethods[k].summary) && strstr(line, J3oMethods[k].summary) < end);
    line = end + 1;
  }
  assert_int_equal(*line, 0);
}

/* J3oSolve refuses a method outside the table before touching anything. */
static void test_solve_bad_method(void **state)
{
  J3oSolveOptions opt;

  (void)state;
  J3O_OK(J3oSolveOptionsDefault(&opt));
  opt.method = J3oMethodCount;
  assert_int_equal(J3oSolve(PETSC_COMM_WORLD, NULL, &opt, NULL), PETSC_ERR_ARG_OUTOFRANGE);
  opt.method = -1;
  assert_int_equal(J3oSolve(PETSC_COMM_WORLD, NULL, &opt, NULL), PETSC_ERR_ARG_OUTOFRANGE);
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_names),
  cmocka_unit_test(test_rows),
  cmocka_unit_test(test_lists),
  cmocka_unit_test(test_solve_bad_method),
};
J3O_TEST_MAIN(tests)
