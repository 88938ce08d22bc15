"""Where uploaded and generated files live: Django's storage API, configured from the environment.

Every app node must see the same files (a resume uploaded through one node is downloaded through
another; a brochure rendered by a worker is offered by every node). Two storages:

- `default`: files shown to anyone (association and enterprise logos, fair posters, brochures);
- `private`: resumes, contracts and reports, only ever streamed through views that check
  permission (never served directly: no URL of their own).

By default both are folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT): a volume every node mounts (NFS,
or one machine). With STORAGE_URL, or AWS_STORAGE_BUCKET_NAME and its companions, both go to an
S3-compatible object store through django-storages (MinIO, Ceph, a cloud's), in one bucket under
the prefixes `media/` and `private/`:

    STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@minio.internal:9000/jinpin?region=cn-north-1&secure=0

Nothing in the bucket is public: pages link the public files with URLs signed for an hour, and
private files are read by the views that stream them.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "candidates.models.PrivateStorage"},
}
S3_BACKEND = "storages.backends.s3.S3Storage"


def from_url(url: str) -> dict:
    """The S3 options of STORAGE_URL (`s3://key:secret@host[:port]/bucket?region=&secure=0`)."""
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured("STORAGE_URL must start with s3:// (or leave it unset).")
    bucket = parts.path.strip("/")
    if not bucket or "/" in bucket:
        raise ImproperlyConfigured("STORAGE_URL must name one bucket: s3://key:secret@host/bucket")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    options = {"bucket_name": bucket}
    if parts.hostname:
        scheme = "http" if query.get("secure") in {"0", "false", "no"} else "https"
        port = f":{parts.port}" if parts.port else ""
        options["endpoint_url"] = f"{scheme}://{parts.hostname}{port}"
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    if query.get("region"):
        options["region_name"] = query["region"]
    return options


def storages(
    *,
    url: str,
    bucket: str,
    endpoint: str,
    region: str,
    access_key: str,
    secret_key: str,
    staticfiles: dict,
) -> dict:
    """Django's STORAGES: folders, or the object store when a URL or a bucket is given."""
    if url:
        options = from_url(url)
    elif bucket:
        options = {"bucket_name": bucket}
        options.update(
            {
                key: value
                for key, value in {
                    "endpoint_url": endpoint,
                    "region_name": region,
                    "access_key": access_key,
                    "secret_key": secret_key,
                }.items()
                if value
            }
        )
    else:
        return {**FILESYSTEM, "staticfiles": staticfiles}
    common = {
        **options,
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,
        "querystring_expire": 3600,
        "file_overwrite": True,  # a brochure is replaced under its own name
        "signature_version": "s3v4",
        "addressing_style": "path",  # MinIO and most S3-compatible stores
    }
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": {**common, "location": "media"}},
        "private": {"BACKEND": S3_BACKEND, "OPTIONS": {**common, "location": "private"}},
        "staticfiles": staticfiles,
    }
