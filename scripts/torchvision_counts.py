# Counts torchvision MobileNetV2 parameters, BN buffers and multiply-adds for several widths/resolutions.
# Needs PyTorch + torchvision (not a project dependency); its output is test/fixtures/torchvision-counts.json.
import json, torch, torchvision
from torchvision.models import mobilenet_v2
out = {"torch": torch.__version__, "torchvision": torchvision.__version__, "configs": []}
for w in [0.35, 0.5, 0.75, 1.0, 1.3, 1.4]:
    for res in [96, 128, 160, 192, 224]:
        for classes in [1000, 1001]:
            if classes == 1001 and res != 224: continue
            m = mobilenet_v2(width_mult=w, num_classes=classes).eval()
            params = sum(p.numel() for p in m.parameters())
            bufs = sum(b.numel() for n, b in m.named_buffers() if not n.endswith("num_batches_tracked"))
            macs = [0]
            def hook(mod, inp, outp):
                if isinstance(mod, torch.nn.Conv2d):
                    k = mod.kernel_size[0] * mod.kernel_size[1]
                    macs[0] += outp.shape[2] * outp.shape[3] * mod.out_channels * (mod.in_channels // mod.groups) * k
                elif isinstance(mod, torch.nn.Linear):
                    macs[0] += mod.in_features * mod.out_features
            hs = [mod.register_forward_hook(hook) for mod in m.modules() if isinstance(mod, (torch.nn.Conv2d, torch.nn.Linear))]
            with torch.no_grad():
                y = m(torch.zeros(1, 3, res, res))
            shapes = []
            out["configs"].append({"width": w, "resolution": res, "classes": classes, "params": params, "bnStats": bufs, "madds": macs[0], "output": list(y.shape)})
print(json.dumps(out))
