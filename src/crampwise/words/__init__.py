"""Every sentence a person reads about the statistics, and the charts."""
