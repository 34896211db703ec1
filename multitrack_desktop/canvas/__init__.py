"""The circle: a QGraphicsScene in scene units (radius 400) that follows the open workshop."""
