"""Files every app node must see go through Django's storage API: the same resume uploaded and
downloaded whether the storage is the shared volume or an S3-compatible bucket (moto plays the
bucket here), and nothing private becomes public on the way."""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from moto import mock_aws
from storages.backends.s3 import S3Storage

from candidates.models import Resume
from config import storage
from fairs.models import Fair
from tests.candidates.helpers import pdf_bytes
from tests.candidates.test_resumes import upload
from tests.factories import FairFactory, GraduateFactory

pytestmark = pytest.mark.django_db

URL = "s3://jinpin-app:secret@s3.cn-north-1.amazonaws.com/jinpin-files?region=cn-north-1"


@pytest.fixture
def bucket(monkeypatch):
    """Resumes and brochures in a bucket, as STORAGE_URL configures them."""
    with mock_aws():
        config = storage.storages(
            url=URL,
            bucket="",
            endpoint="",
            region="",
            access_key="",
            secret_key="",
            staticfiles={},
        )
        client = boto3.client(
            "s3",
            region_name="cn-north-1",
            aws_access_key_id="jinpin-app",
            aws_secret_access_key="secret",
        )
        client.create_bucket(
            Bucket="jinpin-files", CreateBucketConfiguration={"LocationConstraint": "cn-north-1"}
        )
        private = S3Storage(**config["private"]["OPTIONS"])
        public = S3Storage(**config["default"]["OPTIONS"])
        # The fields took their storage when the models were defined: point them at the bucket.
        monkeypatch.setattr(Resume._meta.get_field("file"), "storage", private)
        monkeypatch.setattr(Fair._meta.get_field("brochure"), "storage", public)
        yield client


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket="jinpin-files")["Contents"]]


def test_by_default_files_live_in_two_folders_of_the_shared_volume(settings):
    assert type(storages["private"]).__name__ == "PrivateStorage"
    assert storages["private"].location == str(settings.PRIVATE_MEDIA_ROOT)
    assert storages["default"].location == str(settings.MEDIA_ROOT)


def test_a_resume_uploaded_to_the_bucket_is_downloaded_whole_by_its_graduate_only(client, bucket):
    graduate = GraduateFactory()
    content = pdf_bytes(pages=2)
    resume = upload(graduate, "张伟简历.pdf", content)
    (key,) = keys(bucket)
    assert key.startswith("private/resumes/")
    assert "张伟" not in key
    # Not readable by anyone holding the bucket's address: no public grant on the object.
    grants = bucket.get_object_acl(Bucket="jinpin-files", Key=key)["Grants"]
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants)

    client.force_login(graduate)
    response = client.get(reverse("candidates:resume", args=[resume.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    client.force_login(GraduateFactory())
    assert client.get(reverse("candidates:resume", args=[resume.pk])).status_code == 404


def test_a_public_file_in_the_bucket_is_linked_with_a_signed_url(bucket):
    fair = FairFactory()
    fair.brochure.save("brochure.pdf", ContentFile(b"%PDF-1.4 brochure"))
    assert any(key.startswith("media/") for key in keys(bucket))
    assert "X-Amz-Signature=" in fair.brochure.url
    assert fair.brochure.read() == b"%PDF-1.4 brochure"
