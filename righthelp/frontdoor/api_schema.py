"""The OpenAPI 3.1 description of the contacts API, served at ``/api/v1/openapi.json``.

Built from the same choices and field lists the API validates against (``api_services``), so
the enums cannot drift; a test posts each documented request example to the real endpoint.
"""

from __future__ import annotations

from typing import Any

from righthelp.accounts.models import OrganisationKind
from righthelp.consent.models import ALL_AGENCIES, ConsentGiver, ConsentMethod, LawfulBasisKind
from righthelp.frontdoor import api_services
from righthelp.frontdoor.models import ContactStatus, Urgency

API_VERSION = "1.0.0"

EXAMPLE_EARLY_HELP: dict[str, Any] = {
    "children": [
        {
            "given_name": "Amelia",
            "family_name": "Hartley",
            "date_of_birth": "2016-04-12",
            "postcode": "HU3 2AA",
            "nhs_number": "485 777 3457",
        }
    ],
    "worry": "Amelia has missed 14 days of school this half term and says there is often no "
    "food at home. Her mother has told us she is struggling since losing her job.",
    "what_tried": "Breakfast club place; two meetings with her mother; referral to the school "
    "nurse.",
    "child_views": "Amelia says she is tired and worries about her mum.",
    "urgency": "routine",
    "referrer_view_scale": 2,
    "referrer": {
        "name": "Sam Patel",
        "email": "s.patel@westfield.example.sch.uk",
        "phone": "01482 000000",
    },
    "consent": {
        "given_by": "parent_or_carer",
        "given_by_name": "Claire Hartley",
        "method": "verbal",
        "share_with": ["early_help", "childrens_social_care"],
    },
}

EXAMPLE_SIGNIFICANT_HARM: dict[str, Any] = {
    "children": [{"given_name": "Leo", "family_name": "Marsh", "date_of_birth": "2019-09-30"}],
    "worry": "Leo arrived at nursery with bruising to both upper arms in the shape of "
    "fingertips and said 'daddy squeezed me'.",
    "urgency": "significant_harm",
    "referrer": {"name": "Priya Shah", "phone": "01482 111111"},
    "lawful_basis": {
        "basis": "safeguarding",
        "reasons": "Reasonable cause to suspect Leo is suffering significant harm: "
        "unexplained bruising and his own account.",
        "parents_told": False,
        "not_told_reason": "The injuries may have been caused by his father, who lives with "
        "him; telling the parents now could put Leo at greater risk.",
        "significant_harm_suspected": True,
    },
}

EXAMPLE_STATUS: dict[str, Any] = {
    "id": 1234,
    "reference": "FD-26-001234",
    "status": "decided",
    "status_text": "Decided: see the outcome",
    "received_at": "2026-11-23T09:14:03+00:00",
    "decision_due_at": "2026-11-24T09:14:03+00:00",
    "outcome": "FD-26-001234: Your request has been passed to early help for additional "
    "support. A lead practitioner from the locality will be in touch.",
    "outcome_sent_at": "2026-11-23T15:40:11+00:00",
}


def _string(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _schemas() -> dict[str, Any]:
    agency_kinds = sorted([*OrganisationKind.values, ALL_AGENCIES])
    return {
        "Child": {
            "type": "object",
            "additionalProperties": False,
            "description": "A child the request is about. Give at least a given or family name.",
            "properties": {
                "given_name": _string("Given name", maxLength=100),
                "family_name": _string("Family name", maxLength=100),
                "date_of_birth": _string(
                    "Date of birth, YYYY-MM-DD; not in the future", format="date"
                ),
                "postcode": _string("A UK postcode", maxLength=20),
                "nhs_number": _string(
                    "10 digits with a valid check digit; spaces and dashes allowed",
                    maxLength=20,
                ),
            },
        },
        "Referrer": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name"],
            "description": "Who is asking: the front door replies to them. Give an email "
            "address or a phone number (the outcome is e-mailed when there is an address).",
            "properties": {
                "name": _string("Name", maxLength=200),
                "email": _string("Email address", format="email", maxLength=254),
                "phone": _string("Phone number", maxLength=40),
            },
        },
        "Consent": {
            "type": "object",
            "additionalProperties": False,
            "required": ["given_by", "given_by_name", "method"],
            "description": "The family's consent to this request, as the sender recorded it.",
            "properties": {
                "given_by": {"type": "string", "enum": list(ConsentGiver.values)},
                "given_by_name": _string("Name of the person who gave consent", maxLength=200),
                "method": {"type": "string", "enum": list(ConsentMethod.values)},
                "share_with": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "enum": agency_kinds},
                    "description": "Kinds of agency the consent covers; must include "
                    "childrens_social_care (the front door) or all. Default: early_help and "
                    "childrens_social_care.",
                },
            },
        },
        "LawfulBasis": {
            "type": "object",
            "additionalProperties": False,
            "required": ["reasons", "parents_told"],
            "description": "Sharing without consent: why, and whether the parents were told.",
            "properties": {
                "basis": {
                    "type": "string",
                    "enum": list(LawfulBasisKind.values),
                    "default": "safeguarding",
                },
                "reasons": _string("Why you are sharing without consent"),
                "parents_told": {"type": "boolean"},
                "not_told_reason": _string(
                    "Required when parents_told is false: why telling them would increase the "
                    "risk to the child"
                ),
                "significant_harm_suspected": {
                    "type": "boolean",
                    "default": False,
                    "description": "Required (true) with the safeguarding basis: you have "
                    "reasonable cause to suspect the child is suffering, or is likely to "
                    "suffer, significant harm. The request then becomes a significant-harm "
                    "contact (red priority, decided within 24 hours) whatever its urgency.",
                },
            },
        },
        "ContactRequest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["children", "worry", "referrer"],
            "description": "A request for support. A routine or urgent request needs consent "
            "or lawful_basis; a significant_harm request without consent needs lawful_basis.",
            "properties": {
                "children": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": api_services.MAX_CHILDREN,
                    "items": {"$ref": "#/components/schemas/Child"},
                },
                "worry": _string("What you are worried about", maxLength=api_services.MAX_TEXT),
                "what_tried": _string("What has been tried", maxLength=api_services.MAX_TEXT),
                "child_views": _string("The child's own views", maxLength=api_services.MAX_TEXT),
                "urgency": {
                    "type": "string",
                    "enum": list(Urgency.values),
                    "default": "routine",
                },
                "referrer_view_scale": {
                    "type": ["integer", "null"],
                    "enum": [1, 2, 3, 4, None],
                    "description": "The level of need you think is right (1 universal, "
                    "2 additional, 3 targeted/complex, 4 specialist)",
                },
                "referrer": {"$ref": "#/components/schemas/Referrer"},
                "consent": {"$ref": "#/components/schemas/Consent"},
                "lawful_basis": {"$ref": "#/components/schemas/LawfulBasis"},
            },
        },
        "ContactStatus": {
            "type": "object",
            "required": [
                "id",
                "reference",
                "status",
                "status_text",
                "received_at",
                "decision_due_at",
                "outcome",
                "outcome_sent_at",
            ],
            "properties": {
                "id": {"type": "integer"},
                "reference": _string("The front door's reference, to quote when you call"),
                "status": {"type": "string", "enum": list(ContactStatus.values)},
                "status_text": _string("The status in words"),
                "received_at": {"type": ["string", "null"], "format": "date-time"},
                "decision_due_at": {"type": ["string", "null"], "format": "date-time"},
                "outcome": {
                    "type": ["string", "null"],
                    "description": "The outcome, in the words sent to the referrer; null "
                    "until there is one",
                },
                "outcome_sent_at": {"type": ["string", "null"], "format": "date-time"},
            },
        },
        "Errors": {
            "type": "object",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Every problem, each starting with the field it is about "
                    "(such as 'children[0].nhs_number: …')",
                },
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": "The same problems by field",
                },
            },
        },
    }


def _error(description: str, example: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        **extra,
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Errors"},
                "example": {"errors": example},
            }
        },
    }


def _status_response(description: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        **extra,
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ContactStatus"},
                "example": EXAMPLE_STATUS,
            }
        },
    }


def openapi_document(server_url: str = "/api/v1") -> dict[str, Any]:
    unauthorised = {"$ref": "#/components/responses/Unauthorised"}
    location = {
        "Location": {"description": "The contact's URL", "schema": {"type": "string"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "RightHelp contacts API",
            "version": API_VERSION,
            "description": "Send a request for support to the children's services front door "
            "from your agency's system, and follow its status and outcome. Every call needs "
            "your organisation's API token (ask the RightHelp administrators). See "
            "docs/api.md for a walk-through.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerToken": []}],
        "paths": {
            "/contacts": {
                "post": {
                    "operationId": "createContact",
                    "summary": "Send a request for support",
                    "description": "Validated like the request-for-support form. Send an "
                    "Idempotency-Key: a retry with a key your organisation has used returns "
                    "the contact that key made (200) and creates nothing, whatever its body.",
                    "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ContactRequest"},
                                "examples": {
                                    "early_help_with_consent": {
                                        "summary": "Early help, with the family's consent",
                                        "value": EXAMPLE_EARLY_HELP,
                                    },
                                    "significant_harm_without_consent": {
                                        "summary": "Significant harm, shared without consent",
                                        "value": EXAMPLE_SIGNIFICANT_HARM,
                                    },
                                },
                            }
                        },
                    },
                    "responses": {
                        "201": _status_response("Received: a new contact", headers=location),
                        "200": _status_response(
                            "A retry: the contact this Idempotency-Key already made",
                            headers={
                                **location,
                                "Idempotent-Replayed": {
                                    "description": "true on a replayed response",
                                    "schema": {"type": "string"},
                                },
                            },
                        ),
                        "400": _error(
                            "The body, its JSON or the Idempotency-Key is not acceptable; "
                            "nothing was saved",
                            [
                                "children[0].nhs_number: The NHS number is not valid: its "
                                "check digit does not match. Check it has been copied correctly"
                            ],
                        ),
                        "401": unauthorised,
                        "405": _error("Only POST is allowed", ["Use POST here"]),
                        "413": _error("The body is too large", ["The request body is too large"]),
                    },
                }
            },
            "/contacts/{contact_id}": {
                "get": {
                    "operationId": "getContact",
                    "summary": "The status and outcome of a contact your organisation sent",
                    "parameters": [
                        {
                            "name": "contact_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                            "description": "The id returned when the contact was sent",
                        }
                    ],
                    "responses": {
                        "200": _status_response("The contact's status"),
                        "401": unauthorised,
                        "404": _error(
                            "No such contact from your organisation (missing and another "
                            "organisation's look the same)",
                            ["No contact 99 was sent by your organisation"],
                        ),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This description",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI document"}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "rh_… (a RightHelp API token, issued per organisation)",
                }
            },
            "parameters": {
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": True,
                    "description": "Unique to this request and the same on every retry of it "
                    "(a UUID is ideal). Up to 200 visible ASCII characters.",
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": api_services.IDEMPOTENCY_KEY_MAX,
                        "pattern": "^[\\x21-\\x7e]+$",
                    },
                    "example": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
                }
            },
            "responses": {
                "Unauthorised": _error(
                    "No token, or a token that is not valid or has been revoked",
                    [
                        "The API token is not valid or has been revoked. Ask the RightHelp "
                        "administrators for a new one"
                    ],
                    headers={
                        "WWW-Authenticate": {
                            "description": "Bearer",
                            "schema": {"type": "string"},
                        }
                    },
                )
            },
            "schemas": _schemas(),
        },
    }
