/* test_sparse.c: the compressed-column builder (column order, insertion order within a column,
   explicit zeros, empty columns) and the growth helper (contents kept across doublings). */
#include "j3o_test.h"
#include "lp/sparse.h"
#include "core/grow.h"

/* Entries added row by row out of column order: (0,2)=1 (0,0)=2 (1,0)=3 (2,2)=0 (1,2)=4, 4 columns.
   Column 0: rows 0, 1 (values 2, 3); column 1 and 3: empty; column 2: rows 0, 2, 1 (values 1, 0, 4)
   in the order added, the explicit zero kept. */
static void test_compress_order(void **state)
{
  (void)state;
  J3oTriplets  t = {0};
  int         *start, *index;
  double      *value;
  const int    rows[] = {0, 0, 1, 2, 1}, cols[] = {2, 0, 0, 2, 2};
  const double vals[] = {1, 2, 3, 0, 4};
  for (int k = 0; k < 5; k++) J3O_OK(J3oTripletsAdd(&t, rows[k], cols[k], vals[k]));
  J3O_OK(J3oTripletsCompress(&t, 4, &start, &index, &value));
  const int    es[] = {0, 2, 2, 5, 5}, ei[] = {0, 1, 0, 2, 1};
  const double ev[] = {2, 3, 1, 0, 4};
  for (int j = 0; j <= 4; j++) assert_int_equal(start[j], es[j]);
  for (int q = 0; q < 5; q++) {
    assert_int_equal(index[q], ei[q]);
    assert_true(value[q] == ev[q]);
  }
  J3O_OK(PetscFree(start));
  J3O_OK(PetscFree(index));
  J3O_OK(PetscFree(value));
  J3O_OK(J3oTripletsFree(&t));
  assert_int_equal(t.n, 0);
}

/* A column index outside [0, ncols) is an error, not a silent write. */
static void test_compress_bad_column(void **state)
{
  (void)state;
  J3oTriplets t     = {0};
  int        *start = NULL, *index = NULL;
  double     *value = NULL;
  J3O_OK(J3oTripletsAdd(&t, 0, 3, 1.0));
  assert_int_not_equal(J3oTripletsCompress(&t, 3, &start, &index, &value), 0);
  J3O_OK(J3oTripletsFree(&t));
}

/* Two parallel arrays grown one element at a time from capacity 0 (first 4): 4, 8, 16, 32, 64, 128;
   every value written survives the reallocations. */
static void test_grow_parallel(void **state)
{
  (void)state;
  int       *a   = NULL;
  double    *b   = NULL;
  PetscCount cap = 0;
  for (int n = 0; n < 100; n++) {
    J3O_OK(J3oGrow(n, &cap, 4, 2, J3O_GROW_ARRAY(a), J3O_GROW_ARRAY(b)));
    a[n] = 7 * n;
    b[n] = 0.5 * n;
  }
  assert_int_equal(cap, 128);
  for (int n = 0; n < 100; n++) {
    assert_int_equal(a[n], 7 * n);
    assert_true(b[n] == 0.5 * n);
  }
  /* no growth while there is room */
  J3O_OK(J3oGrow(100, &cap, 4, 2, J3O_GROW_ARRAY(a), J3O_GROW_ARRAY(b)));
  assert_int_equal(cap, 128);
  J3O_OK(PetscFree(a));
  J3O_OK(PetscFree(b));
}

static const struct CMUnitTest tests[] = {
  cmocka_unit_test(test_compress_order),
  cmocka_unit_test(test_compress_bad_column),
  cmocka_unit_test(test_grow_parallel),
};
J3O_TEST_MAIN(tests)
