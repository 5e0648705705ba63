#ifndef PAGES_TEAMS_H
#define PAGES_TEAMS_H

#include "web/page.h"

/* Project teams (teams.c): the list and a new one; one team and the
 * steps of joining, accepting and leaving it. */
page_fn ui_teams, ui_team_propose, ui_team, ui_team_act;

#endif
