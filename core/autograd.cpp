#include "core/autograd.hpp"

#include <algorithm>
#include <atomic>

#include "core/backend.hpp"
#include "core/error.hpp"
#include "core/op_kernels.hpp"

namespace tunet {

namespace {
thread_local bool t_grad_enabled = true;
std::atomic<uint64_t> g_visit_mark{0};

// Post-order of the graph below `root` (inputs before the tensors computed from
// them), found with an explicit stack so deep graphs cannot overflow the C++ stack.
std::vector<TensorImpl*> topological_order(TensorImpl* root) {
  const uint64_t mark = ++g_visit_mark;
  std::vector<TensorImpl*> order;
  std::vector<std::pair<TensorImpl*, size_t>> stack;  // (tensor, next input to visit)
  root->visit_mark = mark;
  stack.push_back({root, 0});
  while (!stack.empty()) {
    auto& [impl, next] = stack.back();
    const Node* node = impl->node.get();
    if (node && next < node->inputs.size()) {
      TensorImpl* input = node->inputs[next++].impl();
      if (input->visit_mark != mark && input->requires_grad) {
        input->visit_mark = mark;
        stack.push_back({input, 0});
      }
      continue;
    }
    order.push_back(impl);
    stack.pop_back();
  }
  return order;
}
// d loss / d loss = 1, on the loss's device.
void seed_gradient(const Tensor& loss) {
  TensorImpl* impl = loss.impl();
  const Device device = loss.device();
  if (!impl->grad.defined()) {  // a computed loss: its gradient starts here
    impl->grad = Tensor::ones(impl->shape, device);
    return;
  }
  // A leaf loss keeps what earlier passes left in its gradient: grad += 1.
  kernel_table<ShapeKernels>(device).copy_rows(Tensor::ones(impl->shape, device), 0, 1, impl->grad, 0, 1, 1, 1,
                                          /*accumulate=*/true);
}
}  // namespace

bool grad_enabled() { return t_grad_enabled; }

NoGradGuard::NoGradGuard() : previous_(t_grad_enabled) { t_grad_enabled = false; }
NoGradGuard::~NoGradGuard() { t_grad_enabled = previous_; }

bool any_requires_grad(std::initializer_list<const Tensor*> inputs) {
  if (!t_grad_enabled) return false;
  return std::any_of(inputs.begin(), inputs.end(), [](const Tensor* t) { return t->requires_grad(); });
}

bool any_requires_grad(const std::vector<Tensor>& inputs) {
  if (!t_grad_enabled) return false;
  return std::any_of(inputs.begin(), inputs.end(), [](const Tensor& t) { return t.requires_grad(); });
}

void record(Tensor& out, const char* op_name, std::vector<Tensor> inputs, BackwardFn backward) {
  if (!any_requires_grad(inputs)) return;
  auto node = std::make_shared<Node>();
  node->op_name = op_name;
  node->inputs = std::move(inputs);
  node->backward = std::move(backward);
  out.impl()->node = std::move(node);
  out.impl()->requires_grad = true;
}

Tensor grad_tensor(const Tensor& input) {
  TensorImpl* impl = input.impl();
  if (!impl || !impl->requires_grad) return Tensor();
  if (!impl->grad.defined()) impl->grad = Tensor::zeros(impl->shape, input.device());
  return impl->grad;
}

Tensor grad_tensor_to_write(const Tensor& input, bool& overwrite) {
  TensorImpl* impl = input.impl();
  overwrite = false;
  if (!impl || !impl->requires_grad) return Tensor();
  if (!impl->grad.defined()) {
    impl->grad = Tensor::empty(impl->shape, input.device());
    overwrite = true;
  }
  return impl->grad;
}

void Tensor::backward() const {
  check(defined() && numel() == 1, "backward: the loss must be a single value, got shape " +
                                       (defined() ? shape_str(shape()) : std::string("undefined")));
  check(requires_grad(), "backward: nothing to differentiate (no input of this value requires grad)");
  TensorImpl* root = impl();
  std::vector<TensorImpl*> order = topological_order(root);
  seed_gradient(*this);
  // Nodes are detached from their tensors as the sweep passes them (the graph
  // is freed), but kept alive until it ends: they own the tensors still ahead.
  std::vector<std::shared_ptr<Node>> swept;
  swept.reserve(order.size());
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    TensorImpl* impl = *it;
    if (!impl->node) continue;
    swept.push_back(std::move(impl->node));
    const Tensor out(std::shared_ptr<TensorImpl>(std::shared_ptr<TensorImpl>(), impl));  // non-owning
    if (impl->grad.defined()) swept.back()->backward(out, impl->grad);
    impl->grad = Tensor();  // intermediate gradients are not kept
  }
}

}  // namespace tunet
