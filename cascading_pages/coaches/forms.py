"""The forms a coach (or an editor on their behalf) fills in about the coach's availability."""

from django import forms
from django.utils import timezone

from cascading_pages.coaches.models import CoachAvailability


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = CoachAvailability
        fields = ["declared", "capacity", "paused", "available_again_on"]
        widgets = {
            "declared": forms.RadioSelect,
            # A date input shows and sends only ISO dates, whatever the site's locale.
            "available_again_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_available_again_on(self):
        day = self.cleaned_data.get("available_again_on")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("Choose a date in the future, or leave it empty.")
        return day
