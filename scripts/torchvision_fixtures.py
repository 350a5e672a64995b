# Writes the two torchvision fixtures the unit tests hold the site to, counting torchvision's own mobilenet_v2:
#   test/fixtures/torchvision-counts.json       the default network at 6 widths x 5 resolutions (1000 classes, and
#                                               1001 at 224 px), plus its Table 2 rows read off the built model;
#   test/fixtures/torchvision-random-rows.json  mobilenet_v2(inverted_residual_setting=...) for 12 random row tables,
#                                               with print(model) for three of them.
# Each configuration: trainable parameters, BatchNorm buffers, multiply-adds (conv + linear, from forward hooks on a
# 1x3xRxR input) and the output shape. Needs PyTorch + torchvision (not project dependencies; CI never runs this).
# Run from the repository root:
#   python3 scripts/torchvision_fixtures.py
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
from torchvision.models.mobilenetv2 import InvertedResidual  # noqa: E402

VERSIONS = {"torch": torch.__version__, "torchvision": torchvision.__version__}


def count(res, **kwargs):
    """Parameters, BatchNorm buffers, multiply-adds and output shape of mobilenet_v2(**kwargs) at res x res."""
    m = mobilenet_v2(**kwargs).eval()
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
    return {"params": params, "bnStats": bufs, "madds": macs[0], "output": list(y.shape)}


def table2_rows(m):
    """Table 2's bottleneck rows [t, c, n, s] as the built model has them: consecutive blocks with one output
    width make a row; t = expanded / input channels of the row's first block, s = its depthwise stride."""
    rows = []
    for block in m.features:
        if not isinstance(block, InvertedResidual):
            continue
        convs = [mod for mod in block.modules() if isinstance(mod, torch.nn.Conv2d)]
        cin, cout = convs[0].in_channels, convs[-1].out_channels
        depthwise = next(c for c in convs if c.groups > 1)
        if rows and rows[-1][1] == cout and depthwise.stride[0] == 1:
            rows[-1][2] += 1
        else:
            rows.append([depthwise.in_channels // cin, cout, 1, depthwise.stride[0]])
    return rows


def write(path, data):
    with open(path, "w") as f:
        f.write(json.dumps(data, indent=1) + "\n")


def counts():
    out = {**VERSIONS, "rows": table2_rows(mobilenet_v2()), "configs": []}
    for w in [0.35, 0.5, 0.75, 1.0, 1.3, 1.4]:
        for res in [96, 128, 160, 192, 224]:
            for classes in [1000, 1001]:
                if classes == 1001 and res != 224:
                    continue
                c = count(res, width_mult=w, num_classes=classes)
                out["configs"].append({"width": w, "resolution": res, "classes": classes, **c})
    out["source"] = (
        "torchvision.models.mobilenet_v2(width_mult=w, num_classes=k) counted on a machine with PyTorch "
        f"(torch {VERSIONS['torch']}, torchvision {VERSIONS['torchvision']}): parameters = sum of p.numel(); "
        "bnStats = BatchNorm running mean/var buffers; madds = conv and linear multiply-adds from forward hooks on "
        "a 1x3xRxR input; rows = the default network's [t, c, n, s] read off its blocks. "
        "Script: scripts/torchvision_fixtures.py."
    )
    write("test/fixtures/torchvision-counts.json", out)


def random_rows():
    rng = random.Random(8)
    channels = [8, 12, 16, 24, 32, 40, 48, 64, 96, 128, 160, 200, 320]
    out = {**VERSIONS, "configs": []}
    for n_rows in [1, 1, 2, 3, 4, 5, 7, 8, 9, 10, 10, 12]:
        rows = [[rng.randint(1, 8), rng.choice(channels), rng.randint(1, 4), rng.choice([1, 2])] for _ in range(n_rows)]
        stride = 2 * 2 ** sum(1 for r in rows if r[3] == 2)
        width = rng.choice([0.35, 0.5, 0.75, 1.0, 1.3, 1.4])
        res = max(stride, rng.choice([64, 96, 128, 160, 192, 224]))
        classes = rng.choice([10, 100, 1000, 1001])
        kwargs = {"inverted_residual_setting": rows, "width_mult": width, "num_classes": classes}
        entry = {"rows": rows, "width": width, "resolution": res, "classes": classes, **count(res, **kwargs)}
        if n_rows in (1, 3, 10):
            entry["print"] = str(mobilenet_v2(**kwargs))
        out["configs"].append(entry)
    write("test/fixtures/torchvision-random-rows.json", out)


counts()
random_rows()
