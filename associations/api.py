"""Associations API: associations, enterprises, memberships, staff and recruiters.

The same services and selectors as the pages, so the same rules and permissions: a service's
PermissionDenied becomes 403 and its ValidationError 400 (api/exceptions.py); objects outside
what the caller may see answer 404.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.roles import roles_for
from associations import selectors, services
from associations import serializers as s
from associations.models import (
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    Membership,
    Region,
)
from core.params import int_param
from core.viewsets import PublicReadMixin

_PUBLIC_READ = ("list", "retrieve", "members")


def _base_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Search by name"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=["industry", "chamber"]),
            OpenApiParameter("level", OpenApiTypes.STR, enum=["provincial", "city", "county"]),
            OpenApiParameter("industry", OpenApiTypes.STR, description="GB/T 4754 section"),
        ]
    ),
    create=extend_schema(request=s.NewAssociationSerializer, responses=s.AssociationSerializer),
)
class AssociationViewSet(
    PublicReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The public directory of associations; officers create, administrators edit."""

    public_actions = _PUBLIC_READ

    serializer_class = s.AssociationSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.association_directory(
            **{key: params.get(key, "").strip() for key in ("q", "kind", "level", "industry")}
        )

    def create(self, request, *args, **kwargs):
        serializer = s.NewAssociationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        association, _invitation = services.create_association(
            by=request.user,
            admin_email=data.pop("admin_email"),
            base_url=_base_url(request),
            **data,
        )
        return Response(s.AssociationSerializer(association).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        services.update_association(
            association=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    @extend_schema(responses=s.EnterpriseSerializer(many=True))
    @action(detail=True, methods=["get"])
    def members(self, request, pk=None):
        """The association's approved member enterprises."""
        association = self.get_object()
        enterprises = selectors.with_verified(
            Enterprise.objects.filter(
                pk__in=Membership.objects.approved()
                .filter(association=association)
                .values("enterprise_id")
            )
        ).order_by("name")
        page = self.paginate_queryset(enterprises)
        return self.get_paginated_response(s.EnterpriseSerializer(page, many=True).data)

    @extend_schema(request=s.CreditCodeSerializer, responses={201: s.MembershipSerializer})
    @action(detail=True, methods=["post"], url_path="invite-enterprise")
    def invite_enterprise(self, request, pk=None):
        """Staff invite an enterprise, found by its credit code, to become a member."""
        association = self.get_object()
        serializer = s.CreditCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enterprise = services.find_enterprise_by_code(serializer.validated_data["credit_code"])
        membership = services.invite_enterprise(
            association=association, enterprise=enterprise, by=request.user
        )
        return Response(s.MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Name or credit code")]
    ),
    partial_update=extend_schema(
        request=s.EnterpriseUpdateSerializer, responses=s.EnterpriseSerializer
    ),
    update=extend_schema(request=s.EnterpriseUpdateSerializer, responses=s.EnterpriseSerializer),
)
class EnterpriseViewSet(
    PublicReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Public enterprise profiles; recruiters register, join and edit their enterprises."""

    public_actions = _PUBLIC_READ

    serializer_class = s.EnterpriseSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.public_enterprises(q=self.request.query_params.get("q", "").strip())

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.EnterpriseUpdateSerializer
        return s.EnterpriseSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.create_enterprise(
            by=self.request.user, credit_code=data.pop("credit_code"), **data
        )

    def perform_update(self, serializer):
        services.update_enterprise(
            enterprise=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.CreditCodeSerializer, responses={201: s.RecruiterSerializer})
    @action(detail=False, methods=["post"])
    def join(self, request):
        """Ask to recruit for the enterprise with this credit code (its owner approves)."""
        serializer = s.CreditCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recruiter = services.request_to_join_enterprise(
            credit_code=serializer.validated_data["credit_code"], by=request.user
        )
        return Response(s.RecruiterSerializer(recruiter).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Membership.Status.values),
        ]
    ),
    create=extend_schema(request=s.MembershipRequestSerializer, responses=s.MembershipSerializer),
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Memberships seen from either side: an enterprise requests (POST), staff approve or
    reject, the enterprise accepts or declines an invitation, either side ends it."""

    serializer_class = s.MembershipSerializer

    def get_queryset(self):
        return selectors.memberships_for(
            self.request.user, status=self.request.query_params.get("status", "")
        ).prefetch_related("events", "events__actor")

    def create(self, request, *args, **kwargs):
        serializer = s.MembershipRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.request_membership(by=request.user, **serializer.validated_data)
        return Response(s.MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def _done(self, membership):
        membership = Membership.objects.prefetch_related("events").get(pk=membership.pk)
        return Response(s.MembershipSerializer(membership).data)

    @extend_schema(request=None, responses=s.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Staff approve a request; the enterprise accepts an invitation."""
        return self._done(
            services.approve_membership(membership=self.get_object(), by=request.user)
        )

    @extend_schema(request=s.MembershipReasonSerializer, responses=s.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Staff reject a request (a reason is required); the enterprise declines an invitation."""
        serializer = s.MembershipReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._done(
            services.reject_membership(
                membership=self.get_object(), by=request.user, **serializer.validated_data
            )
        )

    @extend_schema(request=s.MembershipReasonSerializer, responses=s.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Either side ends a membership or withdraws a request or invitation."""
        serializer = s.MembershipReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._done(
            services.end_membership(
                membership=self.get_object(), by=request.user, **serializer.validated_data
            )
        )


@extend_schema_view(
    create=extend_schema(
        request=s.StaffInviteSerializer, responses={201: s.StaffInvitationSerializer}
    ),
)
class StaffViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Staff of the caller's associations; administrators invite (POST) and remove (DELETE)."""

    serializer_class = s.StaffSerializer

    def get_queryset(self):
        roles = roles_for(self.request.user)
        staff = AssociationStaff.objects.select_related("user", "association")
        if not roles.officer:
            staff = staff.filter(association_id__in=roles.association_ids)
        return staff.order_by("association__name", "-role", "user__email")

    def create(self, request, *args, **kwargs):
        serializer = s.StaffInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        association = serializer.validated_data["association"]
        if (
            not roles_for(request.user).is_staff_of(association.pk)
            and not roles_for(request.user).officer
        ):
            raise PermissionDenied()
        invitation, _token = services.invite_staff(
            by=request.user, base_url=_base_url(request), **serializer.validated_data
        )
        return Response(
            s.StaffInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, instance):
        services.remove_staff(staff=instance, by=self.request.user)


@extend_schema_view(
    create=extend_schema(
        request=s.RecruiterInviteSerializer, responses={201: s.RecruiterInviteResultSerializer}
    ),
)
class RecruiterViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Recruiters of the caller's enterprises; owners invite (POST), approve and remove."""

    serializer_class = s.RecruiterSerializer

    def get_queryset(self):
        return (
            EnterpriseRecruiter.objects.filter(
                enterprise_id__in=roles_for(self.request.user).enterprise_ids
            )
            .select_related("user", "enterprise")
            .order_by("enterprise__name", "status", "user__email")
        )

    def create(self, request, *args, **kwargs):
        serializer = s.RecruiterInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enterprise = get_object_or_404(
            selectors.recruiter_enterprises(request.user),
            pk=serializer.validated_data["enterprise"].pk,
        )
        result = services.invite_recruiter(
            enterprise=enterprise,
            email=serializer.validated_data["email"],
            by=request.user,
            base_url=_base_url(request),
        )
        data = {"recruiter": None, "invited_email": None}
        if isinstance(result, EnterpriseRecruiter):
            data["recruiter"] = s.RecruiterSerializer(result).data
        else:
            data["invited_email"] = result.email
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.remove_recruiter(recruiter=instance, by=self.request.user)

    @extend_schema(request=None, responses=s.RecruiterSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """An owner approves a pending request to recruit for the enterprise."""
        recruiter = services.approve_recruiter(recruiter=self.get_object(), by=request.user)
        return Response(s.RecruiterSerializer(recruiter).data)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Cities and districts (Shanxi ships; the admin adds more). Filter with ?parent=<id>."""

    serializer_class = s.RegionSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("parent", OpenApiTypes.INT)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        regions = Region.objects.all()
        if parent := int_param(self.request.query_params.get("parent")):
            regions = regions.filter(parent_id=parent)
        return regions
