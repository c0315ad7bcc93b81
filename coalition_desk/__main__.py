import sys

from coalition_desk.cli import main

sys.exit(main())
