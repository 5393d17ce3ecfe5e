#!/usr/bin/python3
"""Runs the recipe's unit tests (Python's unittest; pytest is not assumed). Exit 0 when all pass.

Example:
  /usr/bin/python3 training/run_tests.py            # all tests
  /usr/bin/python3 training/run_tests.py test_bpe   # one module
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if __name__ == "__main__":
    import torch

    torch.set_num_threads(1)
    loader = unittest.TestLoader()
    if len(sys.argv) > 1:
        suite = unittest.TestSuite(loader.loadTestsFromName(f"tests.{n}") for n in sys.argv[1:])
    else:
        suite = loader.discover(os.path.join(HERE, "tests"), top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
