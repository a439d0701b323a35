"""synergy: transregional synergies between regions' smart-specialisation strategies."""

__version__ = "0.1.0"
