"""Repository-wide pytest setup: tests/ on sys.path so `support` imports."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
