"""Pure matplotlib drawings: functions of (Axes, plain values); no Qt."""
