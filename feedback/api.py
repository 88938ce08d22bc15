"""REST API of fair feedback: the same services, selectors and permissions as the pages. A
refused answer is a 400 naming the rule; answers and results not yours are 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import roles_for
from feedback import permissions as rules
from feedback import selectors, services
from feedback import serializers as s
from feedback.models import BoothRating, FairRating

_MODERATE = ("hide", "show")


class _Answers(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own answers; moderators hide and show comments of the fairs they run."""

    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    model = None

    def get_object(self):
        if self.action in _MODERATE:
            return rules.access_moderated(self.request.user, self.model, self.kwargs["pk"])
        return self._own(self.kwargs["pk"])

    def _answer(self, answer, code=status.HTTP_200_OK) -> Response:
        return Response(self.serializer_class(answer).data, status=code)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        """The fair's organisers hide an abusive comment (its stars still count)."""
        return self._answer(services.hide_comment(answer=self.get_object(), by=request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def show(self, request, pk=None):
        """Undo hiding a comment."""
        return self._answer(services.show_comment(answer=self.get_object(), by=request.user))


class FairRatingViewSet(_Answers):
    """Ratings of fairs: a graduate's (who checked in) or an enterprise's (that took part, with
    the quality of its candidates); one each, changed with PATCH until `editable_until`."""

    serializer_class = s.FairRatingSerializer
    model = FairRating
    queryset = FairRating.objects.none()

    def get_queryset(self):
        user = self.request.user
        own = FairRating.objects.filter(role=FairRating.Role.GRADUATE, author=user)
        enterprises = FairRating.objects.filter(
            role=FairRating.Role.ENTERPRISE, enterprise_id__in=roles_for(user).enterprise_ids
        )
        return (own | enterprises).select_related("fair", "enterprise").order_by("-created_at")

    def _own(self, pk):
        return rules.access_own_fair_rating(self.request.user, pk)

    @extend_schema(request=s.FairRatingInputSerializer, responses={201: s.FairRatingSerializer})
    def create(self, request):
        data = _valid(s.FairRatingInputSerializer, request.data)
        common = {"fair": data["fair"], "by": request.user, "comment": data["comment"]}
        if data["enterprise"] is None:
            answer = services.rate_fair(rating=data["rating"], **common)
        else:
            answer = services.rate_fair_as_enterprise(
                enterprise=data["enterprise"],
                rating=data["rating"],
                candidates_rating=data["candidates_rating"],
                **common,
            )
        return self._answer(answer, status.HTTP_201_CREATED)

    @extend_schema(request=s.FairRatingChangeSerializer, responses=s.FairRatingSerializer)
    def partial_update(self, request, pk=None):
        given = self.get_object()
        data = _valid(s.FairRatingChangeSerializer, request.data)
        answer = services.change_fair_rating(fair_rating=given, by=request.user, **data)
        return self._answer(answer)


class BoothRatingViewSet(_Answers):
    """Graduates' ratings of the booths they visited at fairs they checked in at."""

    serializer_class = s.BoothRatingSerializer
    model = BoothRating
    queryset = BoothRating.objects.none()

    def get_queryset(self):
        return (
            BoothRating.objects.filter(author=self.request.user)
            .select_related("fair", "participation__enterprise")
            .order_by("-created_at")
        )

    def _own(self, pk):
        return rules.access_own_booth_rating(self.request.user, pk)

    @extend_schema(request=s.BoothRatingInputSerializer, responses={201: s.BoothRatingSerializer})
    def create(self, request):
        data = _valid(s.BoothRatingInputSerializer, request.data)
        answer = services.rate_booth(by=request.user, **data)
        return self._answer(answer, status.HTTP_201_CREATED)

    @extend_schema(request=s.FairRatingChangeSerializer, responses=s.BoothRatingSerializer)
    def partial_update(self, request, pk=None):
        given = self.get_object()
        data = _valid(s.FairRatingChangeSerializer, request.data)
        data.pop("candidates_rating", None)
        return self._answer(
            services.change_booth_rating(booth_rating=given, by=request.user, **data)
        )


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class FairPublicRatingView(APIView):
    """A fair's average rating by its visitors, shown once enough graduates rated it."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=s.PublicRatingSerializer)
    def get(self, request, pk: int):
        fair = rules.access_visible_fair(request.user, pk)
        return Response(selectors.public_average(fair))


class FairResultsView(APIView):
    """A fair's feedback for its organisers: averages, booths, comments (hidden ones marked)."""

    @extend_schema(responses=s.FairResultsSerializer)
    def get(self, request, pk: int):
        fair = rules.access_results_fair(request.user, pk)
        return Response(s.FairResultsSerializer(selectors.fair_results(fair)).data)
