"""Analysis over the register: where each issue is heading (outlook.py: the weighted
forecast, what moved, the stance heatmap) and what the coalition still lacks
(capability_gap.py)."""
