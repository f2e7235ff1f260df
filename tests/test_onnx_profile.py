"""The int8 profile's operator shares: kernel time only, summed per operator type, largest first."""

from __future__ import annotations

import pytest

from eval.onnx_profile import op_shares


def test_op_shares_sums_kernel_time_per_operator():
    trace = [
        {"cat": "Session", "name": "model_run", "dur": 1000},
        {"cat": "Node", "name": "a_kernel_time", "dur": 30, "args": {"op_name": "MatMul"}},
        {"cat": "Node", "name": "a_fence_before", "dur": 500, "args": {"op_name": "MatMul"}},
        {"cat": "Node", "name": "b_kernel_time", "dur": 50, "args": {"op_name": "Softmax"}},
        {"cat": "Node", "name": "c_kernel_time", "dur": 45, "args": {"op_name": "MatMul"}},
    ]
    shares = op_shares(trace)
    assert list(shares) == ["MatMul", "Softmax"]  # fences and session events are not kernel time
    assert shares == pytest.approx({"MatMul": 0.6, "Softmax": 0.4})
    assert op_shares([]) == {}
