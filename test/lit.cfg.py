# -*- Python -*-
# lit configuration for pcc: FileCheck tests of the dialects, passes, driver
# and generated executables.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "PCC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".nn", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.pcc_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs", "Graphs", "Fuzz",
                   "Numeric"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%pcc_src", config.pcc_src_root))
config.substitutions.append(("%pcc_rt_dir", config.pcc_runtime_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# FileCheck, not and count come from Debian's LLVM 22; pcc's tools from the
# build tree.
tool_dirs = [config.pcc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["pcc-opt", "pcc", "FileCheck", "not",
                                    "count"], tool_dirs)
