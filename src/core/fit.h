/* fit.h: the part of a device's models that fits it: what a re-plan keeps of a previous plan that no longer
   fits the instance (a device's memory shrank, a model's batch cost grew). */
#ifndef J3O_FIT_H
#define J3O_FIT_H

#include "j3o/instance.h"

/* held[M]: the models a device holds; the device has cap_mb MB and, at a batching edge, model m a fixed
   load load[m] of which the edge takes at most 1 (NULL: none). kept[M] = held when they fit (up to
   round-off); else the held models by increasing memory_mb (ties by index), each kept where it fits next
   to those kept (the most of them stay). *unloaded: the held models not kept. */
PetscErrorCode J3oFitDevice(const J3oInstance *in, const double *load, double cap_mb, const unsigned char *held,
                            unsigned char *kept, int *unloaded);

#endif
