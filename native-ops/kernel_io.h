// What the project's TensorFlow CPU kernels share: reading inputs and attributes, allocating outputs,
// reporting a failure to TensorFlow, and registering an op with its kernel. Every kernel rounds each float
// operation once, as TensorFlow's own separate ops do (built with -ffp-contract=off, no -ffast-math).
#ifndef DL_NATIVE_OPS_KERNEL_IO_H_
#define DL_NATIVE_OPS_KERNEL_IO_H_

#include <stdint.h>

#include <initializer_list>
#include <utility>
#include <vector>

#include "tensorflow/c/kernels.h"
#include "tensorflow/c/ops.h"
#include "tensorflow/c/tf_status.h"
#include "tensorflow/c/tf_tensor.h"

// For the elementwise loops: built for AVX-512, AVX2 and plain x86-64, the best one chosen when the addon loads
// (GCC's target_clones); the vector width changes how many elements one instruction handles, not the results,
// since +, *, / and sqrt round once each. One build on other architectures.
#if defined(__x86_64__)
#define DL_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define DL_VECTOR_CLONES
#endif

namespace dl_ops {

// One Compute call's tensors: fetched inputs and allocated outputs are released, and a failure is handed to
// TensorFlow, when it goes out of scope. Once a call fails, the later ones return nullptr.
class KernelIo {
 public:
  explicit KernelIo(TF_OpKernelContext* ctx) : ctx_(ctx), status_(TF_NewStatus()) {}
  KernelIo(const KernelIo&) = delete;
  KernelIo& operator=(const KernelIo&) = delete;
  ~KernelIo() {
    if (!ok()) TF_OpKernelContext_Failure(ctx_, status_);
    for (TF_Tensor* t : held_) TF_DeleteTensor(t);
    TF_DeleteStatus(status_);
  }

  bool ok() const { return TF_GetCode(status_) == TF_OK; }

  void Fail(const char* message) {
    if (ok()) TF_SetStatus(status_, TF_INVALID_ARGUMENT, message);
  }

  // Input i, a float32 tensor (the op definitions say so).
  TF_Tensor* Input(int i) {
    if (!ok()) return nullptr;
    TF_Tensor* t = nullptr;
    TF_GetInput(ctx_, i, &t, status_);
    return Hold(t);
  }

  // A float32 output i of the given shape.
  TF_Tensor* Output(int i, const std::vector<int64_t>& shape) {
    if (!ok()) return nullptr;
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return Hold(TF_AllocateOutput(ctx_, i, TF_FLOAT, shape.data(), static_cast<int>(shape.size()), sizeof(float) * n, status_));
  }

  // A float32 output i shaped as `like`.
  TF_Tensor* OutputLike(int i, const TF_Tensor* like) { return like == nullptr ? nullptr : Output(i, Shape(like)); }

  static std::vector<int64_t> Shape(const TF_Tensor* t) {
    std::vector<int64_t> shape(TF_NumDims(t));
    for (size_t d = 0; d < shape.size(); d++) shape[d] = TF_Dim(t, static_cast<int>(d));
    return shape;
  }

  static const float* Data(const TF_Tensor* t) { return static_cast<const float*>(TF_TensorData(t)); }
  static float* MutableData(TF_Tensor* t) { return static_cast<float*>(TF_TensorData(t)); }

 private:
  TF_Tensor* Hold(TF_Tensor* t) {
    if (t != nullptr) held_.push_back(t);
    return ok() ? t : nullptr;
  }

  TF_OpKernelContext* ctx_;
  TF_Status* status_;
  std::vector<TF_Tensor*> held_;
};

// Reads each attribute into its field, with one of TensorFlow's typed getters (TF_OpKernelConstruction_GetAttrFloat,
// ...GetAttrInt64), and returns the kernel's new state; on failure the kernel's construction fails.
template <typename State, typename T>
void* NewState(TF_OpKernelConstruction* ctx, std::initializer_list<std::pair<const char*, T State::*>> attrs,
               void (*get)(TF_OpKernelConstruction*, const char*, T*, TF_Status*)) {
  auto* state = new State();
  TF_Status* status = TF_NewStatus();
  for (const auto& [name, field] : attrs) {
    get(ctx, name, &(state->*field), status);
    if (TF_GetCode(status) != TF_OK) {
      TF_OpKernelConstruction_Failure(ctx, status);
      break;
    }
  }
  TF_DeleteStatus(status);
  return state;
}

// Frees the state NewState made.
template <typename State>
void DeleteState(void* kernel) {
  delete static_cast<State*>(kernel);
}

// What an op needs to be registered: its name, inputs, outputs and attributes in TensorFlow's op-definition
// syntax ("x: float", "window: int"), and its CPU kernel's functions.
struct OpSpec {
  const char* name;
  std::initializer_list<const char*> inputs, outputs, attrs;
  void* (*create)(TF_OpKernelConstruction*);
  void (*compute)(void*, TF_OpKernelContext*);
  void (*destroy)(void*);
};

// Registers the op and its CPU kernel with the TensorFlow loaded; returns TensorFlow's message on failure.
inline const char* Register(const OpSpec& spec, TF_Status* status) {
  TF_OpDefinitionBuilder* op = TF_NewOpDefinitionBuilder(spec.name);
  for (const char* input : spec.inputs) TF_OpDefinitionBuilderAddInput(op, input);
  for (const char* output : spec.outputs) TF_OpDefinitionBuilderAddOutput(op, output);
  for (const char* attr : spec.attrs) TF_OpDefinitionBuilderAddAttr(op, attr);
  TF_OpDefinitionBuilderSetShapeInferenceFunction(op, &TF_ShapeInferenceContextSetUnknownShape);
  TF_RegisterOpDefinition(op, status);
  if (TF_GetCode(status) != TF_OK) return TF_Message(status);
  TF_KernelBuilder* kernel = TF_NewKernelBuilder(spec.name, "CPU", spec.create, spec.compute, spec.destroy);
  TF_RegisterKernelBuilder(spec.name, kernel, status);
  return TF_GetCode(status) == TF_OK ? nullptr : TF_Message(status);
}

// For kernels without attributes.
inline void* NoState(TF_OpKernelConstruction*) { return nullptr; }
inline void NoDelete(void*) {}

// The ops, each defined in its own file; addon.cc registers them when Node loads the addon.
const char* RegisterAdamUpdate(TF_Status* status);
const char* RegisterReluGrad(TF_Status* status);
const char* RegisterBiasAdd(TF_Status* status);
const char* RegisterAvgPoolGrad(TF_Status* status);

}  // namespace dl_ops

#endif  // DL_NATIVE_OPS_KERNEL_IO_H_
