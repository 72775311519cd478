//! Looking up a service type of a pack: one place that says whether an id is one of the
//! pack's service types and, when it is not, says so in both languages with the nearest id.

use crate::did_you_mean;
use crate::pack::{Pack, Service};
use crate::text::Text;

/// A service type id that the pack does not declare, with what the reader may have meant.
///
/// `message` is what every reader says about it (a report, an export row, a roster row, the
/// CLI, Python and the browser): `Okänd tjänstetyp "hbv"; menade du "hvb"?` /
/// `unknown service type "hbv"; did you mean "hvb"?`, or the known ids when none is close.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .message.en)]
pub struct UnknownService {
    /// The id as given.
    pub service: String,
    /// The declared id closest to it, if one is close enough to be a likely typo.
    pub suggestion: Option<String>,
    /// Every service type id the pack declares, in pack order.
    pub known: Vec<String>,
    /// What is wrong, in Swedish and English.
    pub message: Text,
}

impl UnknownService {
    fn new(service: &str, services: &[Service]) -> UnknownService {
        let ids = || services.iter().map(|s| s.id.as_str());
        let suggestion = did_you_mean(service, ids()).map(str::to_string);
        let known: Vec<String> = ids().map(str::to_string).collect();
        let message = match &suggestion {
            Some(h) => Text::new(format!("Okänd tjänstetyp \"{service}\"; menade du \"{h}\"?"), format!("unknown service type \"{service}\"; did you mean \"{h}\"?")),
            None => {
                let list = known.join(", ");
                Text::new(format!("Okänd tjänstetyp \"{service}\" (kända: {list})."), format!("unknown service type \"{service}\" (known: {list})"))
            }
        };
        UnknownService { service: service.to_string(), suggestion, known, message }
    }
}

impl Pack {
    /// The service type `id` of the pack: `Ok(Some(service))` when the pack declares it,
    /// `Ok(None)` when the pack declares no service types at all (then every report is of
    /// one kind and any id is accepted).
    ///
    /// # Errors
    ///
    /// [`UnknownService`] when the pack declares service types and `id` is none of them.
    pub fn find_service(&self, id: &str) -> Result<Option<&Service>, UnknownService> {
        Ok(self.lookup_service(id)?.map(|i| &self.data.services[usize::from(i)]))
    }

    /// The position of the service type `service` in [`Pack::services`], `None` when the
    /// pack does not declare it.
    pub fn service_position(&self, service: &str) -> Option<usize> {
        self.service_index(service).map(usize::from)
    }

    pub(crate) fn service_index(&self, service: &str) -> Option<u16> {
        self.data.services.iter().position(|s| s.id == service).map(|i| i as u16)
    }

    /// [`Pack::find_service`] as the index of the service type's bit in a service set.
    pub(crate) fn lookup_service(&self, id: &str) -> Result<Option<u16>, UnknownService> {
        match self.service_index(id) {
            Some(i) => Ok(Some(i)),
            None if self.data.services.is_empty() => Ok(None),
            None => Err(UnknownService::new(id, &self.data.services)),
        }
    }
}
