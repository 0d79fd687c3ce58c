package dev.trellis.core.security;

import static dev.trellis.core.security.SecurityFixtures.departments;
import static dev.trellis.core.security.SecurityFixtures.entriesFor;
import static dev.trellis.core.security.SecurityFixtures.newUser;
import static dev.trellis.core.security.SecurityFixtures.unique;
import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The organisation tree keeps each department's path from the root, also when a subtree moves. */
class DepartmentServiceIT {

    private static Department create(String code, Department parent) {
        return departments().create(ADMIN, new DepartmentInput(code, code + " department",
                parent == null ? null : parent.id(), null));
    }

    private static String path(Department d) {
        return departments().get(ADMIN, d.id()).path();
    }

    @Test
    void aDepartmentsPathListsTheIdsFromTheRoot() {
        Department root = create(unique("HQ"), null);
        Department sales = create(unique("SALES"), root);
        Department east = create(unique("EAST"), sales);

        assertThat(root.path()).isEqualTo("/" + root.id() + "/");
        assertThat(east.path()).isEqualTo("/" + root.id() + "/" + sales.id() + "/" + east.id() + "/");
        assertThat(departments().list(CLERK)).extracting(Department::id)
                .containsSubsequence(root.id(), sales.id(), east.id());
    }

    @Test
    void movingADepartmentMovesItsWholeSubtree() {
        Department a = create(unique("A"), null);
        Department b = create(unique("B"), null);
        Department child = create(unique("CHILD"), a);
        Department grandchild = create(unique("GRAND"), child);
        Department sibling = create(unique("SIBLING"), a);

        Department moved = departments().update(ADMIN, child.id(), new DepartmentInput(child.code(), "Moved", b.id(), null));

        String movedPath = "/" + b.id() + "/" + child.id() + "/";
        assertThat(moved.path()).isEqualTo(movedPath);
        assertThat(moved.parentId()).isEqualTo(b.id());
        assertThat(path(grandchild)).isEqualTo(movedPath + grandchild.id() + "/");
        assertThat(path(sibling)).isEqualTo("/" + a.id() + "/" + sibling.id() + "/");

        departments().update(ADMIN, child.id(), new DepartmentInput(child.code(), "Moved", null, null));
        assertThat(path(grandchild)).isEqualTo("/" + child.id() + "/" + grandchild.id() + "/");

        OperationLogEntry entry = entriesFor("department/" + child.id()).get(1);
        assertThat(entry.action()).isEqualTo("department.update");
        assertThat(entry.detail().get("parentId").toString()).isEqualTo("[" + a.id() + "," + b.id() + "]");
        assertThat(entry.detail().get("path").get(1).asString()).isEqualTo(movedPath);
    }

    @Test
    void aMoveUnderItsOwnSubtreeIsRefusedWithThePath() {
        Department top = create(unique("TOP"), null);
        Department middle = create(unique("MID"), top);
        Department bottom = create(unique("BOT"), middle);

        for (Department under : new Department[] {top, bottom}) {
            assertThatThrownBy(() -> departments().update(ADMIN, top.id(),
                    new DepartmentInput(top.code(), "Top", under.id(), null)))
                    .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                            .singleElement().satisfies(p -> {
                                assertThat(p.code()).isEqualTo("department-parent-cycle");
                                assertThat(p.path()).isEqualTo("/parentId");
                            }));
        }
        assertThat(path(bottom)).isEqualTo("/" + top.id() + "/" + middle.id() + "/" + bottom.id() + "/");
    }

    @Test
    void everyProblemIsReportedAtOnceAndACodeIsUnique() {
        assertThatThrownBy(() -> departments().create(ADMIN, new DepartmentInput("no spaces", " ", 987654L, 987654L)))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.code() + " " + p.path())
                        .containsExactlyInAnyOrder("department-code-invalid /code", "department-name-invalid /name",
                                "department-parent-not-found /parentId", "department-manager-not-found /managerId"));
        Department first = create(unique("DUP"), null);
        assertThatThrownBy(() -> create(first.code(), null))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("/code"));
    }

    @Test
    void aManagerIsAUserAndOnlyAdministratorsChangeTheTree() {
        UserAccount boss = newUser("boss", "sales_manager");
        Department d = departments().create(ADMIN, new DepartmentInput(unique("MGD"), "Managed", null, boss.id()));
        assertThat(d.managerId()).isEqualTo(boss.id());

        assertThatThrownBy(() -> departments().create(CLERK, new DepartmentInput(unique("X"), "X", null, null)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> departments().update(CLERK, d.id(), new DepartmentInput(d.code(), "X", null, null)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> departments().delete(CLERK, d.id())).isInstanceOf(ForbiddenException.class);
        Actor partner = new Actor(99, "agent", Set.of("partner_rep"), null, new Actor.PartnerAccount("x", 1));
        assertThatThrownBy(() -> departments().list(partner)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aDepartmentWithSubDepartmentsIsNotDeletedAndMembersOfADeletedOneAreLeftWithout() {
        Department parent = create(unique("PARENT"), null);
        Department child = create(unique("KID"), parent);
        UserAccount member = SecurityFixtures.users().create(ADMIN, new NewUser(unique("member"),
                SecurityFixtures.PASSWORD, null, Set.of(), child.id(), null));

        assertThatThrownBy(() -> departments().delete(ADMIN, parent.id()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo("department-has-children"));
        departments().delete(ADMIN, child.id());
        departments().delete(ADMIN, parent.id());

        assertThatThrownBy(() -> departments().get(ADMIN, child.id())).isInstanceOf(NotFoundException.class);
        assertThat(SecurityFixtures.users().get(ADMIN, member.id()).departmentId()).isNull();
        assertThat(entriesFor("department/" + child.id())).extracting(OperationLogEntry::action)
                .containsExactly("department.delete", "department.create");
    }
}
