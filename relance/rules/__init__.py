"""The funding rules: pure Python over dated parameter files. Nothing here imports Django."""
