"""The teaching pages' computations moved to ``playground/lessons/`` (one module per page,
plus ``lessons.training`` for what they share). These names stay importable from here for
code written against the old module; new code imports the lesson modules."""

from playground.lessons.activations import (  # noqa: F401
    RELU_DEMO,
    RELU_DEMO_TARGET,
    SLOPE_GRID,
    activation_curves,
    activation_labels,
    activation_params,
    relu_vs_sigmoid,
)
from playground.lessons.initialization import (  # noqa: F401
    INIT_CHOICES,
    compare_inits,
    init_choice_label,
    init_specs,
)
from playground.lessons.linear_collapse import (  # noqa: F401
    COLLAPSE_LEARNING_RATE,
    collapse_experiment,
    collapse_summary,
    rank_experiment,
    regression_output_demo,
)
from playground.lessons.training import (  # noqa: F401
    GRID_RESOLUTION,
    SATURATION_THRESHOLD,
    RunSpec,
    compare_training,
    epochs_to_reach,
)
