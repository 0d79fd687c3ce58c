package dev.trellis.core.security;

import static dev.trellis.core.security.SecurityFixtures.PASSWORD;
import static dev.trellis.core.security.SecurityFixtures.entriesFor;
import static dev.trellis.core.security.SecurityFixtures.expireLock;
import static dev.trellis.core.security.SecurityFixtures.newUser;
import static dev.trellis.core.security.SecurityFixtures.unique;
import static dev.trellis.core.security.SecurityFixtures.users;
import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.testing.CoreContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users with departments and partner accounts, their changes in the operation log, and login throttling. */
class UserServiceIT {

    private static final String APP = "sec_users";
    private static long partnerId;

    @BeforeAll
    static void publishPartnerApp() {
        CoreContext.publishApp(APP, json("""
                {"name": "distributor", "fields": [{"name": "name", "type": "text"}],
                 "sharing": {"partnerAccount": true}}"""), json("""
                {"name": "memo", "fields": [{"name": "text", "type": "text"}]}"""));
        partnerId = (Long) CoreContext.records().create(ADMIN, APP, "distributor", json("{\"name\": \"Acme\"}")).get("id");
    }

    private static List<String> paths(InvalidException e) {
        return e.problems().stream().map(p -> p.code() + " " + p.path()).toList();
    }

    @Test
    void aPartnerUserBelongsToAnExistingPartnerAccountAndADepartmentMemberToAnExistingDepartment() {
        Department sales = SecurityFixtures.departments().create(ADMIN, new DepartmentInput(unique("SALES"), "Sales",
                null, null));
        UserAccount partner = users().create(ADMIN, new NewUser(unique("agent"), PASSWORD, "Agent", Set.of("partner_rep"),
                null, new Actor.PartnerAccount(APP, partnerId)));
        UserAccount staff = users().create(ADMIN, new NewUser(unique("staff"), PASSWORD, "Staff", Set.of("sales_rep"),
                sales.id(), null));

        assertThat(users().get(ADMIN, partner.id()).partner()).isEqualTo(new Actor.PartnerAccount(APP, partnerId));
        assertThat(users().get(ADMIN, partner.id()).actor().isPartner()).isTrue();
        assertThat(users().get(ADMIN, staff.id()).departmentId()).isEqualTo(sales.id());
        assertThat(entriesFor(partner.username())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("user.create");
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.detail().get("partner").get("id").asLong()).isEqualTo(partnerId);
            assertThat(e.detail().get("roles").get(0).asString()).isEqualTo("partner_rep");
        });
    }

    @Test
    void everyProblemOfAPartnerAccountIsReportedWithItsPath() {
        InvalidException unpublished = catchInvalid(new NewUser(unique("p"), PASSWORD, null, Set.of("admin", "Bad Role"),
                987654L, new Actor.PartnerAccount("no_such_app", 1)));
        assertThat(paths(unpublished)).containsExactlyInAnyOrder("role-invalid /roles",
                "department-not-found /departmentId", "partner-app-not-published /partner/app",
                "partner-admin-forbidden /roles");

        CoreContext.publishApp("sec_nopartner", json("{\"name\": \"memo\", \"fields\": []}"));
        assertThat(paths(catchInvalid(new NewUser(unique("p"), PASSWORD, null, Set.of(), null,
                new Actor.PartnerAccount("sec_nopartner", 1)))))
                .containsExactly("partner-account-object-missing /partner/app");
        assertThat(paths(catchInvalid(new NewUser(unique("p"), PASSWORD, null, Set.of(), null,
                new Actor.PartnerAccount(APP, 424242)))))
                .containsExactly("partner-account-not-found /partner/id");
    }

    private static InvalidException catchInvalid(NewUser user) {
        try {
            users().create(ADMIN, user);
        } catch (InvalidException e) {
            return e;
        }
        throw new AssertionError("expected the user to be refused");
    }

    @Test
    void anUpdateReplacesRolesDepartmentAndPartnerAndLogsOldAndNew() {
        UserAccount user = newUser("upd", "sales_rep");
        Department dept = SecurityFixtures.departments().create(ADMIN, new DepartmentInput(unique("UPD"), "Upd", null,
                null));

        UserAccount updated = users().update(ADMIN, user.id(), new UserUpdate("Renamed", true,
                Set.of("sales_rep", "sales_manager"), dept.id(), null));
        assertThat(updated.roles()).containsExactlyInAnyOrder("sales_rep", "sales_manager");
        assertThat(updated.departmentId()).isEqualTo(dept.id());
        assertThat(users().findByUsername(user.username()).orElseThrow()).isEqualTo(updated);

        OperationLogEntry entry = entriesFor(user.username()).get(0);
        assertThat(entry.action()).isEqualTo("user.update");
        assertThat(entry.detail().get("roles").toString()).isEqualTo("[[\"sales_rep\"],[\"sales_manager\",\"sales_rep\"]]");
        assertThat(entry.detail().get("departmentId").toString()).isEqualTo("[null," + dept.id() + "]");
        assertThat(entry.detail().get("displayName").toString()).isEqualTo("[\"upd\",\"Renamed\"]");
        assertThat(entry.detail().has("enabled")).isFalse();

        users().update(ADMIN, user.id(), new UserUpdate("Renamed", true, Set.of("partner_rep"), null,
                new Actor.PartnerAccount(APP, partnerId)));
        OperationLogEntry toPartner = entriesFor(user.username()).get(0);
        assertThat(toPartner.detail().get("partner").get(0).isNull()).isTrue();
        assertThat(toPartner.detail().get("partner").get(1).get("app").asString()).isEqualTo(APP);
    }

    @Test
    void anUpdateMustSayEnabledAndRolesAndAPartnerUserIsNeverAnAdministrator() {
        UserAccount user = newUser("strict", "sales_rep");
        assertThatThrownBy(() -> users().update(ADMIN, user.id(), new UserUpdate("x", null, null, null, null)))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(paths(e))
                        .containsExactlyInAnyOrder("enabled-required /enabled", "roles-required /roles"));
        assertThatThrownBy(() -> users().update(ADMIN, user.id(), new UserUpdate("x", true, Set.of("admin"), null,
                new Actor.PartnerAccount(APP, partnerId))))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(paths(e))
                        .containsExactly("partner-admin-forbidden /roles"));
        assertThatThrownBy(() -> users().update(CLERK, user.id(), new UserUpdate("x", true, Set.of(), null, null)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(users().get(ADMIN, user.id()).roles()).containsExactly("sales_rep");
    }

    @Test
    void theLastEnabledAdministratorKeepsTheRole() {
        // other tests may have made administrators; take every one but a fresh one away from the role check
        UserAccount only = newUser("root", "admin");
        List<UserAccount> others = users().list(ADMIN).stream()
                .filter(u -> u.id() != only.id() && u.enabled() && u.roles().contains("admin")).toList();
        others.forEach(u -> users().update(ADMIN, u.id(), new UserUpdate(u.displayName(), false, u.roles(),
                u.departmentId(), u.partner())));
        try {
            assertThatThrownBy(() -> users().update(ADMIN, only.id(), new UserUpdate("root", true, Set.of(), null, null)))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo("last-administrator"));
            assertThatThrownBy(() -> users().update(ADMIN, only.id(), new UserUpdate("root", false, Set.of("admin"),
                    null, null))).isInstanceOf(ConflictException.class);
        } finally {
            others.forEach(u -> users().update(ADMIN, u.id(), new UserUpdate(u.displayName(), true, u.roles(),
                    u.departmentId(), u.partner())));
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() {
        UserAccount user = newUser("throttled", "sales_rep");
        for (int i = 1; i <= 4; i++) {
            assertThat(users().authenticate(user.username(), "wrong " + i, "10.0.0.9"))
                    .isInstanceOf(SignInOutcome.Refused.class);
        }
        SignInOutcome fifth = users().authenticate(user.username(), "wrong 5", "10.0.0.9");
        assertThat(fifth).isInstanceOfSatisfying(SignInOutcome.Locked.class, locked -> {
            assertThat(locked.until()).isBetween(OffsetDateTime.now().plusMinutes(14), OffsetDateTime.now().plusMinutes(16));
            assertThat(locked.message()).startsWith("too many failed sign-ins; try again after ");
        });
        assertThat(users().authenticate(user.username(), PASSWORD, "10.0.0.9")).isInstanceOf(SignInOutcome.Locked.class);
        assertThat(users().findActive(user.username())).isEmpty();

        List<OperationLogEntry> entries = entriesFor(user.username());
        assertThat(entries.stream().map(OperationLogEntry::action).toList()).startsWith("login.locked", "login.failure")
                .containsSubsequence("login.failure", "login.failure", "login.failure", "login.failure", "login.failure")
                .doesNotContain("login.success");
        assertThat(entries.get(0).client()).isEqualTo("10.0.0.9");
        assertThat(entries.get(0).actorId()).isNull();
        assertThat(entries.get(1).detail().get("failedLogins").asInt()).isEqualTo(5);
        assertThat(entries.get(1).detail().has("lockedUntil")).isTrue();
    }

    @Test
    void afterTheLockTheRightPasswordWorksAndResetsTheCountButAWrongOneLocksAgainAtOnce() {
        UserAccount first = newUser("relock", "sales_rep");
        lock(first.username());
        expireLock(first.id());
        assertThat(users().authenticate(first.username(), "still wrong", null)).isInstanceOf(SignInOutcome.Locked.class);

        UserAccount second = newUser("unlock", "sales_rep");
        lock(second.username());
        expireLock(second.id());
        assertThat(users().authenticate(second.username(), PASSWORD, "10.0.0.1").accepted()).isPresent();
        assertThat(users().authenticate(second.username(), "wrong again", null)).isInstanceOf(SignInOutcome.Refused.class);
        assertThat(entriesFor(second.username()).get(1)).satisfies(e -> {
            assertThat(e.action()).isEqualTo("login.success");
            assertThat(e.actorId()).isEqualTo(second.id());
            assertThat(e.client()).isEqualTo("10.0.0.1");
        });
    }

    @Test
    void aSuccessInBetweenEndsTheRunOfFailures() {
        UserAccount user = newUser("mistyper", "sales_rep");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                users().authenticate(user.username(), "typo", null);
            }
            assertThat(users().authenticate(user.username(), PASSWORD, null).accepted()).isPresent();
        }
    }

    @Test
    void aDisabledOrUnknownUserIsRefusedLikeAWrongPassword() {
        UserAccount user = newUser("leaver", "sales_rep");
        users().update(ADMIN, user.id(), new UserUpdate(user.displayName(), false, user.roles(), null, null));
        assertThat(users().authenticate(user.username(), PASSWORD, null)).isInstanceOf(SignInOutcome.Refused.class);
        assertThat(users().findActive(user.username())).isEmpty();
        assertThat(users().authenticate("nobody_at_all", PASSWORD, null)).isInstanceOf(SignInOutcome.Refused.class);
        assertThat(entriesFor("nobody_at_all").get(0).detail().get("reason").asString()).isEqualTo("unknown-user");
    }

    @Test
    void anAdministratorSetsAPasswordAndLiftsTheLock() {
        UserAccount user = newUser("forgetful", "sales_rep");
        lock(user.username());
        users().setPassword(ADMIN, user.id(), null, "a brand new password");
        assertThat(users().authenticate(user.username(), "a brand new password", null).accepted()).isPresent();
        assertThat(users().authenticate(user.username(), PASSWORD, null)).isInstanceOf(SignInOutcome.Refused.class);
        assertThat(entriesFor(user.username()).stream().map(OperationLogEntry::action)).contains("user.password");
    }

    @Test
    void aUserChangesTheirOwnPasswordOnlyWithTheCurrentOne() {
        UserAccount user = newUser("selfservice", "sales_rep");
        UserAccount other = newUser("bystander", "sales_rep");
        Actor self = user.actor();
        assertThatThrownBy(() -> users().setPassword(self, user.id(), "not it", "new password 1"))
                .isInstanceOfSatisfying(InvalidException.class,
                        e -> assertThat(e.problems()).extracting(Problem::path).containsExactly("/currentPassword"));
        assertThatThrownBy(() -> users().setPassword(self, other.id(), PASSWORD, "new password 1"))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users().setPassword(self, user.id(), PASSWORD, "short"))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.code()).isEqualTo("password-too-short"));
        users().setPassword(self, user.id(), PASSWORD, "new password 1");
        assertThat(users().authenticate(user.username(), "new password 1", null).accepted()).isPresent();
        assertThatThrownBy(() -> users().get(self, other.id())).isInstanceOf(ForbiddenException.class);
        assertThat(users().get(self, user.id()).username()).isEqualTo(user.username());
    }

    private static void lock(String username) {
        for (int i = 0; i < 5; i++) {
            users().authenticate(username, "wrong", null);
        }
        assertThat(users().authenticate(username, PASSWORD, null)).isInstanceOf(SignInOutcome.Locked.class);
    }
}
