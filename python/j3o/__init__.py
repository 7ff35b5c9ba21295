"""j3o: instances and results of the j3o solver from Python (docs/deployments.md, docs/file-formats.md).

    import j3o
    inst, warnings = j3o.read_deployment("examples/campus")    # CSV folder -> Instance
    inst, warnings = j3o.build({"tasks": df_tasks, ...})       # DataFrames or dicts -> Instance
    j3o.write_instance(inst, "campus.h5")
    res = j3o.read_result("result.h5")
    j3o.routes(inst, res)                                       # DataFrame with names
    j3o.write_result(res, "copy.h5")                            # bin/j3o-check accepts it
    j3o.churn(inst, res); j3o.loaded(inst, res, prev)           # a re-plan's churn per cluster, models loaded
"""
from .tables import build
from .deployment import read as read_deployment
from .deployment import write as write_deployment
from .derived import derive, provenance
from .instance import Instance, bitwise_equal, sha256
from .instance import info as instance_info
from .instance import read as read_instance
from .instance import write as write_instance
from .issues import DeploymentError, Issue
from .result import Result, churn, dropped, loaded, per_task, placement, routes
from .result import read as read_result
from .result import read_summary
from .result import write as write_result
from .usage import table as utilization

__all__ = ["build", "read_deployment", "write_deployment", "derive", "provenance", "Instance", "bitwise_equal",
           "sha256", "instance_info", "read_instance", "write_instance", "DeploymentError", "Issue", "Result", "churn", "dropped", "loaded", "per_task",
           "placement", "routes", "read_result", "read_summary", "write_result", "utilization"]
