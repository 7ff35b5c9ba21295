/* sha256.c: lowercase hex SHA-256 of a file's bytes, for the result's provenance. */
#include <stdio.h>
#include <openssl/evp.h>
#include "j3o/result.h"

PetscErrorCode J3oFileSha256(const char *path, char hex[65])
{
  FILE         *f;
  EVP_MD_CTX   *ctx;
  unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
  unsigned int  mdlen = 0;
  size_t        n;
  int           ok;

  PetscFunctionBegin;
  hex[0] = '\0';
  f      = fopen(path, "rb");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "j3o: %s: cannot open for SHA-256", path);
  ctx = EVP_MD_CTX_new();
  ok  = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
  while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0) ok = EVP_DigestUpdate(ctx, buf, n) == 1;
  if (ok && ferror(f)) ok = 0;
  if (ok) ok = EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen == 32;
  EVP_MD_CTX_free(ctx);
  fclose(f);
  PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "j3o: %s: cannot compute SHA-256", path);
  for (unsigned int k = 0; k < mdlen; k++) snprintf(hex + 2 * k, 3, "%02x", md[k]);
  PetscFunctionReturn(0);
}
