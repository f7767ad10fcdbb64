"""workdue URLs (mounted at /my-work/)."""

from django.urls import URLPattern, path

from righthelp.workdue import views

app_name = "workdue"
urlpatterns: list[URLPattern] = [
    path("", views.my_work, name="my-work"),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        views.notification_read,
        name="notification-read",
    ),
    path("tasks/<int:task_id>/done/", views.task_done, name="task-done"),
]
