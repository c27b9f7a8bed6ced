/** Source files of small Django apps that several tests scan. */

/** `accounts/models.py` of a program with its own user model: Django's user columns and a phone number. */
export const CUSTOM_USER_MODEL = [
  'from django.contrib.auth.models import AbstractUser',
  'from django.db import models',
  '',
  'class User(AbstractUser):',
  '    phone = models.CharField(max_length=40, blank=True)',
  '',
].join('\n');
