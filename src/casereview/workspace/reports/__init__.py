"""Documents for the board: a review's board report (PDF and Word) and the quality-marker self-assessment."""
