"""Registration for trainings, talks and workshops: seats, a waiting list, reminders, attendance."""
