"""Link checking and review reminders: what keeps the topic guides and the directory current."""
