/* j3o_test.h: shared glue for the cmocka unit tests (PETSc init, call-checking assert). */
#ifndef J3O_TEST_H
#define J3O_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <petscsys.h>

/* PetscCall returns from the enclosing function; cmocka tests are void, so check here. */
#define J3O_OK(call) \
  do { \
    PetscErrorCode ierr_ = (call); \
    if (ierr_) fail_msg("%s failed with PETSc error %d", #call, (int)ierr_); \
  } while (0)

/* Runs a cmocka group inside PetscInitialize/PetscFinalize. */
#define J3O_TEST_MAIN(tests) \
  int main(int argc, char **argv) \
  { \
    if (PetscInitialize(&argc, &argv, NULL, NULL)) return 1; \
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL)); \
    int failed_ = cmocka_run_group_tests(tests, NULL, NULL); \
    PetscCall(PetscPopErrorHandler()); \
    if (PetscFinalize()) return 1; \
    return failed_; \
  }

#endif
