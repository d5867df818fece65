// The Node addon `npm run native-tf` builds from native-ops/ (native/dl-ops.node): loading it registers the
// project's ops and their CPU kernels with the TensorFlow that tfjs-node loaded.
#include <node_api.h>

#include "kernel_io.h"

NAPI_MODULE_INIT() {
  TF_Status* status = TF_NewStatus();
  for (auto registerOp : {&dl_ops::RegisterAdamUpdate, &dl_ops::RegisterReluGrad, &dl_ops::RegisterBiasAdd, &dl_ops::RegisterAvgPoolGrad}) {
    const char* error = registerOp(status);
    if (error != nullptr) {
      napi_throw_error(env, nullptr, error);
      break;
    }
  }
  TF_DeleteStatus(status);
  return exports;
}
