"""The one write path of screening: rounds and plans, codes and scans, results, closure rounds.

Each module's docstring states its invariants and lock order.
"""

from hub.screening.actions.closure import (
    attach_post,
    clone_closure_round,
    close_closure_round,
    create_closure_round,
)
from hub.screening.actions.codes import issue_code, read_code
from hub.screening.actions.duties import assign_duty, remove_duty
from hub.screening.actions.rounds import (
    add_sampler,
    add_sampling_point,
    create_round,
    exempt_resident,
    list_for_home_sampling,
    plan_slots,
    send_call_ups,
)
from hub.screening.actions.scanning import (
    ScanResult,
    close_tube,
    record_scan,
    record_scan_batch,
    record_tube_result,
    reveal_retest_list,
    scan,
)

__all__ = [
    "ScanResult",
    "add_sampler",
    "add_sampling_point",
    "assign_duty",
    "attach_post",
    "clone_closure_round",
    "close_closure_round",
    "close_tube",
    "create_closure_round",
    "create_round",
    "exempt_resident",
    "issue_code",
    "list_for_home_sampling",
    "plan_slots",
    "read_code",
    "record_scan",
    "record_scan_batch",
    "record_tube_result",
    "remove_duty",
    "reveal_retest_list",
    "scan",
    "send_call_ups",
]
