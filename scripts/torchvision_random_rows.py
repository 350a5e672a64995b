# Counts torchvision's mobilenet_v2(inverted_residual_setting=..., width_mult=...) for random Table 2 row tables:
# trainable parameters, BatchNorm buffers, multiply-adds (conv + linear, as scripts/torchvision_counts.py counts
# them), the output shape and, for a few, print(model). Needs PyTorch + torchvision (not a project dependency); run from the repository root:
#   python3 scripts/torchvision_random_rows.py > test/fixtures/torchvision-random-rows.json
import json, random, torch

# Where torchvision's compiled ops do not match the installed torch ("operator torchvision::nms does not exist"),
# importing torchvision fails while registering their fake kernels. mobilenet_v2 is plain Python and needs none of
# those ops, so such registrations are skipped (only if they fail).
_register_fake = torch.library.register_fake


def _tolerant_register_fake(name, *args, **kwargs):
    try:
        register = _register_fake(name, *args, **kwargs)
    except RuntimeError:
        return lambda f: f
    if not callable(register):
        return register

    def tolerant(f):
        try:
            return register(f)
        except RuntimeError:
            return f

    return tolerant


torch.library.register_fake = _tolerant_register_fake
import torchvision  # noqa: E402
from torchvision.models import mobilenet_v2  # noqa: E402

rng = random.Random(8)


def random_rows(count):
    return [[rng.randint(1, 8), rng.choice([8, 12, 16, 24, 32, 40, 48, 64, 96, 128, 160, 200, 320]), rng.randint(1, 4), rng.choice([1, 2])]
            for _ in range(count)]


def count(rows, width, res, classes):
    m = mobilenet_v2(inverted_residual_setting=rows, width_mult=width, num_classes=classes).eval()
    params = sum(p.numel() for p in m.parameters())
    bufs = sum(b.numel() for n, b in m.named_buffers() if not n.endswith("num_batches_tracked"))
    macs = [0]

    def hook(mod, inp, outp):
        if isinstance(mod, torch.nn.Conv2d):
            k = mod.kernel_size[0] * mod.kernel_size[1]
            macs[0] += outp.shape[2] * outp.shape[3] * mod.out_channels * (mod.in_channels // mod.groups) * k
        elif isinstance(mod, torch.nn.Linear):
            macs[0] += mod.in_features * mod.out_features

    for mod in m.modules():
        if isinstance(mod, (torch.nn.Conv2d, torch.nn.Linear)):
            mod.register_forward_hook(hook)
    with torch.no_grad():
        y = m(torch.zeros(1, 3, res, res))
    return params, bufs, macs[0], list(y.shape)


out = {"torch": torch.__version__, "torchvision": torchvision.__version__, "configs": []}
for n_rows in [1, 1, 2, 3, 4, 5, 7, 8, 9, 10, 10, 12]:
    rows = random_rows(n_rows)
    stride = 2 * 2 ** sum(1 for r in rows if r[3] == 2)
    width = rng.choice([0.35, 0.5, 0.75, 1.0, 1.3, 1.4])
    res = max(stride, rng.choice([64, 96, 128, 160, 192, 224]))
    classes = rng.choice([10, 100, 1000, 1001])
    params, bufs, madds, shape = count(rows, width, res, classes)
    entry = {"rows": rows, "width": width, "resolution": res, "classes": classes,
             "params": params, "bnStats": bufs, "madds": madds, "output": shape}
    if n_rows in (1, 3, 10):
        entry["print"] = str(mobilenet_v2(inverted_residual_setting=rows, width_mult=width, num_classes=classes))
    out["configs"].append(entry)
print(json.dumps(out, indent=1))
