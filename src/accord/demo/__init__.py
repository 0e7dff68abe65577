"""The acceptance scenario ("Geneva") built through the real services, with invented text."""
