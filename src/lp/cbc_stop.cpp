// cbc_stop.cpp: a CBC event handler that ends the branch and bound, as at a time limit, once a stop signal came.
#define CBC_EXTERN_C
#include <CbcModel.hpp>
#include <CbcEventHandler.hpp>
#include <CbcSolver.hpp>
#include <OsiClpSolverInterface.hpp>
class Cbc_MessageHandler;
#include <Coin_C_defines.h>
#include "j3o/interrupt.h"

namespace {
// CBC copies the model (and clones this handler) for its search; each copy asks at every node.
class StopOnSignal : public CbcEventHandler {
public:
  CbcAction event(CbcEvent) override { return J3oInterrupted() ? stop : noAction; }
  CbcEventHandler *clone() const override { return new StopOnSignal(*this); }
};
} // namespace

PETSC_EXTERN void J3oCbcStopOnSignal(void *cbc_model)
{
  StopOnSignal h;
  static_cast<Cbc_Model *>(cbc_model)->model_->passInEventHandler(&h); // CBC keeps a clone
}
